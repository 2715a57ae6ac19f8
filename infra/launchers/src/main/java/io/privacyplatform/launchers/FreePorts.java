package io.privacyplatform.launchers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports on the loopback interface. A port is only free when it is picked: another process can take it
 * before it is bound again, so callers bind it right away.
 */
public final class FreePorts {

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
                ServerSocket socket = new ServerSocket(0, 1, loopback());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
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

    /** 127.0.0.1: every server started here binds the IPv4 loopback address only. */
    public static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
