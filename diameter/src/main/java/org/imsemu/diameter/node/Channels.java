package org.imsemu.diameter.node;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Channel classes matching the event loop (epoll or NIO), as a channel must be of its loop's kind. */
public final class Channels {
    private Channels() {
    }

    /** A group of loops for Diameter nodes: epoll when the native transport loads, NIO otherwise. */
    public static EventLoopGroup newEventLoopGroup(int threads) {
        DefaultThreadFactory f = new DefaultThreadFactory("diameter");
        return Epoll.isAvailable() ? new EpollEventLoopGroup(threads, f) : new NioEventLoopGroup(threads, f);
    }

    static boolean isEpoll(EventLoopGroup loop) {
        return Epoll.isAvailable() && (loop instanceof EpollEventLoop || loop instanceof EpollEventLoopGroup);
    }

    static Class<? extends ServerChannel> serverChannelClass(EventLoopGroup loop) {
        return isEpoll(loop) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static Class<? extends Channel> socketChannelClass(EventLoopGroup loop) {
        return isEpoll(loop) ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
