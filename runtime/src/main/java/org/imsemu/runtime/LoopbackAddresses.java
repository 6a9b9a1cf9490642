package org.imsemu.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure every host address of a scenario can be bound. On Linux the whole of 127.0.0.0/8 is
 * loopback already; IPv6 addresses (the seed's ULA backbone) must be added to {@code lo}, which needs
 * root: done when we may, otherwise the exact commands are given back.
 */
public final class LoopbackAddresses {
    private LoopbackAddresses() {
    }

    /** The addresses that cannot be bound now. */
    public static List<InetAddress> missing(List<InetAddress> addresses) {
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (!bindable(a)) out.add(a);
        }
        return out;
    }

    /** What {@link #provision} did: the addresses it added to lo, and those still missing. */
    public record Provisioned(List<InetAddress> added, List<InetAddress> stillMissing) {
    }

    /** Adds the missing IPv6 addresses to lo with {@code ip} (root only); says what it added and what is still missing. */
    public static Provisioned provision(List<InetAddress> addresses) {
        List<InetAddress> missing = missing(addresses);
        for (InetAddress a : missing) {
            if (!(a instanceof Inet6Address)) continue;
            run("ip", "-6", "addr", "add", a.getHostAddress() + "/128", "dev", "lo", "nodad");
        }
        List<InetAddress> still = missing(missing);
        List<InetAddress> added = new ArrayList<>(missing);
        added.removeAll(still);
        return new Provisioned(List.copyOf(added), still);
    }

    /** Removes addresses {@link #provision} added, leaving lo as it was. */
    public static void unprovision(List<InetAddress> added) {
        for (InetAddress a : added) run("ip", "-6", "addr", "del", a.getHostAddress() + "/128", "dev", "lo");
    }

    /** The shell commands that add {@code addresses} (for a user without root). */
    public static List<String> commands(List<InetAddress> addresses) {
        List<String> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (a instanceof Inet6Address) out.add("sudo ip -6 addr add " + a.getHostAddress() + "/128 dev lo nodad");
            else out.add("sudo ip addr add " + a.getHostAddress() + "/32 dev lo");
        }
        return out;
    }

    static boolean bindable(InetAddress a) {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(a, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the machine has IPv6 on loopback at all (::1 configured). */
    public static boolean ipv6Enabled() {
        try {
            NetworkInterface lo = NetworkInterface.getByName("lo");
            return lo != null && lo.inetAddresses().anyMatch(x -> x instanceof Inet6Address);
        } catch (SocketException e) {
            return false;
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no ip command: the caller reports what is still missing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
