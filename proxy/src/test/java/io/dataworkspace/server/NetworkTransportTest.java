package io.dataworkspace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkTransportTest {

    @Test
    void autoPrefersIoUringThenEpollThenNio() {
        Transport expected = Transport.IO_URING.available() ? Transport.IO_URING
                : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
        assertThat(NetworkTransport.choose("auto")).isSameAs(expected);
        assertThat(NetworkTransport.choose(" AUTO ")).isSameAs(expected);
    }

    @Test
    void namedTransportsAreTakenWhenAvailable() {
        assertThat(NetworkTransport.choose("nio")).isSameAs(Transport.NIO);
        for (Transport t : new Transport[] {Transport.IO_URING, Transport.EPOLL}) {
            if (t.available()) {
                assertThat(NetworkTransport.choose(t.name())).isSameAs(t);
            } else {
                assertThatThrownBy(() -> NetworkTransport.choose(t.name()))
                        .hasMessageContaining("NETWORK_TRANSPORT=" + t.name() + " is not available on this machine");
            }
        }
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> NetworkTransport.choose("kqueue-ish"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("NETWORK_TRANSPORT must be one of [auto, io_uring, epoll, nio], not 'kqueue-ish'");
    }

    @Test
    void theVertxRunsOnTheChosenTransport() {
        Vertx nio = NetworkTransport.vertx(new Env(Map.of("NETWORK_TRANSPORT", "nio")), new VertxOptions());
        Vertx auto = NetworkTransport.vertx(new Env(Map.of()), new VertxOptions());
        try {
            assertThat(nio.isNativeTransportEnabled()).isFalse();
            assertThat(auto.isNativeTransportEnabled())
                    .isEqualTo(Transport.IO_URING.available() || Transport.EPOLL.available());
        } finally {
            nio.close();
            auto.close();
        }
    }
}
