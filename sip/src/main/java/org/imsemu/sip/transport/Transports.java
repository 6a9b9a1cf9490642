package org.imsemu.sip.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Event loops and the channel classes that go with them: native epoll on Linux when available, NIO
 * otherwise. A channel must be of the kind its loop drives, so the choice follows the loop.
 */
public final class Transports {
    /** RFC 3261 18.1.1: a request larger than this goes over a congestion-controlled transport when no MTU is known. */
    public static final int UDP_WITHOUT_MTU_LIMIT = 1300;

    private Transports() {
    }

    /** A group of stack threads ("sip-stack-N-M"): epoll when the native transport loads, NIO otherwise. */
    public static EventLoopGroup newEventLoopGroup(int threads) {
        DefaultThreadFactory factory = new DefaultThreadFactory("sip-stack");
        return Epoll.isAvailable() ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    /** True when channels on this loop (or group) must be epoll channels. */
    public static boolean isEpoll(EventLoopGroup loop) {
        return Epoll.isAvailable() && (loop instanceof EpollEventLoop || loop instanceof EpollEventLoopGroup);
    }

    static Class<? extends DatagramChannel> datagramChannelClass(EventLoopGroup loop) {
        return isEpoll(loop) ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    static Class<? extends ServerChannel> serverChannelClass(EventLoopGroup loop) {
        return isEpoll(loop) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static Class<? extends Channel> socketChannelClass(EventLoopGroup loop) {
        return isEpoll(loop) ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
