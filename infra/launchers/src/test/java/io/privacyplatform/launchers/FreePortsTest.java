package io.privacyplatform.launchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class FreePortsTest {

    /** Outgoing connections take their local port from the ephemeral range: a port picked there can be lost. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void picksDistinctBindablePortsBelowTheEphemeralRange() throws Exception {
        int ephemeralStart;
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            ephemeralStart = Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        }
        int[] ports = FreePorts.pick(20);

        assertEquals(20, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        for (int port : ports) {
            assertTrue(port >= 10_000 && port < ephemeralStart, port + " not in [10000, " + ephemeralStart + ")");
            try (ServerSocket socket = new ServerSocket(port, 1, FreePorts.loopback())) {
                assertEquals(port, socket.getLocalPort());
            }
        }
    }
}
