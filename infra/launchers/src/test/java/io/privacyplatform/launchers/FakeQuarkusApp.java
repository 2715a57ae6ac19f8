package io.privacyplatform.launchers;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a packaged Quarkus app in {@link ServiceProcessTest}: serves /q/health/ready and echoes system
 * properties at /config?key=NAME. Packaged alone into a jar by the test (no inner classes).
 */
public final class FakeQuarkusApp {

    private FakeQuarkusApp() {
    }

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean("fake.fail")) {
            System.out.println("fake app: boom, failing at startup");
            System.exit(3);
        }
        String host = System.getProperty("quarkus.http.host");
        int port = Integer.getInteger("quarkus.http.port");
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/config", exchange -> {
            String key = exchange.getRequestURI().getQuery().substring("key=".length());
            byte[] body = String.valueOf(System.getProperty(key)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("fake app: stopping");
            server.stop(0);
            stopped.countDown();
        }));
        server.start();
        System.out.println("fake app: started on " + host + ":" + port);
        stopped.await();
    }
}
