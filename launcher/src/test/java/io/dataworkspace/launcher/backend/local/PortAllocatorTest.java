package io.dataworkspace.launcher.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {
    @Test
    void shouldNeverHandOutTheSamePortTwiceOrOneInUse() throws IOException {
        PortAllocator ports = new PortAllocator(23000, 23049);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            int port = ports.allocate(p -> p == 23007);
            assertThat(port).isBetween(23000, 23049).isNotEqualTo(23007);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void shouldSkipPortsSomethingElseHasBound() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            PortAllocator single = new PortAllocator(port, port);
            assertThatThrownBy(() -> single.allocate(p -> false))
                    .isInstanceOf(IOException.class)
                    .hasMessage("no free port left in " + port + "-" + port);
        }
    }

    @Test
    void shouldReuseAReleasedPort() throws IOException {
        PortAllocator ports = new PortAllocator(23100, 23100);
        int port = ports.allocate(p -> false);
        ports.release(port);
        assertThat(ports.allocate(p -> false)).isEqualTo(port);
    }

    @Test
    void shouldRefuseAnInvalidRange() {
        assertThatThrownBy(() -> new PortAllocator(30000, 20000)).hasMessageContaining("port range 30000-20000");
    }
}
