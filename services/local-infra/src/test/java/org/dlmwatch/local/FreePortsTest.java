package org.dlmwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void findsFreePortsAndSeesTakenOnes() throws Exception {
        int a = FreePorts.find();
        assertThat(FreePorts.isFree(a)).isTrue();
        assertThat(FreePorts.find(a)).isNotEqualTo(a);
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), a));
            assertThat(FreePorts.isFree(a)).isFalse();
        }
    }
}
