package io.privacyplatform.launchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

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

    /**
     * A picked port is free again until its server binds it (seconds, for a broker or a service): no later pick of this
     * JVM may hand it out meanwhile. 500 single picks from the ~22,000 ports below the ephemeral range would repeat one
     * almost surely (the birthday bound) if each were drawn afresh.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void neverHandsOutAPortTwice() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int port = FreePorts.pick();
            assertTrue(seen.add(port), "port " + port + " handed out twice, at pick " + (i + 1));
        }
    }
}
