package org.imsemu.sip.transaction;

import java.util.concurrent.ThreadLocalRandom;
import org.imsemu.sip.header.Via;

/** Via branch and tag generation. Random enough to be unique across hosts without coordination. */
public final class Branches {
    private Branches() {
    }

    public static String newBranch() {
        return Via.MAGIC_COOKIE + randomToken(16);
    }

    public static String newTag() {
        return randomToken(10);
    }

    public static String newCallId(String host) {
        return randomToken(20) + "@" + host;
    }

    static String randomToken(int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[length];
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < length; i++) c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        return new String(c);
    }
}
