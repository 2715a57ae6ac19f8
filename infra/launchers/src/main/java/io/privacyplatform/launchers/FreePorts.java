package io.privacyplatform.launchers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback interface. A port is only free when it is picked: another process can take it
 * before it is bound again, so callers bind it right away.
 * <p>
 * Ports are picked below the kernel's ephemeral range (Linux: {@code ip_local_port_range}, 32768-60999 by
 * default). A port from that range ({@code new ServerSocket(0)}) can be handed to any outgoing connection of any
 * process (a Kafka client, a JDBC pool) between the pick and the bind, or while a stopped server waits to be
 * restarted on the same port: a broker once failed to bind its controller port that way.
 * <p>
 * A port is handed out once per JVM: between its pick and its bind (seconds, for a broker or a service), the port is
 * free again, and another pick of this JVM (PostgreSQL's, started meanwhile) could take it; a benchmark's service
 * once failed to start because PostgreSQL held its port.
 */
public final class FreePorts {

    /** Above the ports of the usual local servers (PostgreSQL 5432, Kafka 9092, HTTP 8080-8099). */
    private static final int LOWEST = 10_000;

    /** Every port this JVM handed out (a few hundred in a whole test run). */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** One free port on 127.0.0.1. */
    public static int pick() {
        return pick(1)[0];
    }

    /** {@code count} distinct free ports on 127.0.0.1 (all held open until every one is chosen). */
    public static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = bindOutsideEphemeralRange();
                if (socket == null) {
                    socket = new ServerSocket(0, 1, loopback());
                }
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
                HANDED_OUT.add(ports[i]);
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket: nothing to do
                }
            }
        }
    }

    /** A socket bound to a random free port below the ephemeral range, or null when none was found or known. */
    private static ServerSocket bindOutsideEphemeralRange() {
        int ephemeralLow = ephemeralRangeStart();
        if (ephemeralLow <= LOWEST + 1_000) {
            return null;
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralLow);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try {
                return new ServerSocket(port, 1, loopback());
            } catch (IOException taken) {
                // in use: try another
            }
        }
        return null;
    }

    /** The first port of the kernel's ephemeral range, or 0 when it cannot be read (not Linux). */
    private static int ephemeralRangeStart() {
        try {
            // readLine, not Files.readString: procfs reports a size of 0 and readString read "3" of "32768 60999"
            try (var reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
                return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException unknown) {
            return 0;
        }
    }

    /** 127.0.0.1: every server started here binds the IPv4 loopback address only. */
    public static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
