package org.imsemu.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same UDP tests on NIO channels, the fallback when native epoll is unavailable. */
class NettySipTransportUdpNioTest extends NettySipTransportUdpTest {

    @BeforeAll
    static void startLoop() {
        group = new NioEventLoopGroup(1);
    }

    @Test
    void runsOnNio() {
        assertThat(Transports.isEpoll(group)).isFalse();
    }
}
