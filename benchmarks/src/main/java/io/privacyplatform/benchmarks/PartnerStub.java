package io.privacyplatform.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's partners: Stripe, HubSpot and OpenAI answering the erasure calls partner-sync makes, with canned
 * answers in the partners' own shapes (those of infra/partner-sandbox), each one {@code latency} after the call, the
 * delay scheduled (no thread waits), so that the stand-ins cost far less CPU than the service they serve. Runs in its
 * own process ({@link #start}), whose CPU the report gives apart. No state: every erase answers "deleted", every
 * read-back "gone", every list of a customer's billing records "none". Anything else is answered 400 in the partner's
 * error shape, so a call the stub does not know makes a task DEAD, visibly, instead of passing. Failure injection
 * stays with the sandbox (tests).
 * <p>
 * The three contracts, as partner-sync's connectors use them:
 * <ul>
 *   <li>Stripe: {@code GET /v1/{invoices|charges|payment_intents}?customer=} → empty list;
 *   {@code DELETE /v1/customers/{id}} → {@code deleted:true}; {@code GET /v1/customers/{id}} → {@code deleted:true}.</li>
 *   <li>HubSpot: {@code POST /crm/v3/objects/contacts/gdpr-delete} (or the dated path) → 204;
 *   {@code GET .../contacts/{id}} → 404 {@code OBJECT_NOT_FOUND}.</li>
 *   <li>OpenAI: {@code DELETE /v1/{responses|files|vector_stores|chat/completions}/{id}} → {@code deleted:true};
 *   {@code GET} of the same → 404 with OpenAI's error body.</li>
 * </ul>
 * Each partner also answers {@code GET /_stub/calls} (calls received by kind) and {@code POST /_stub/reset}.
 */
public final class PartnerStub {

    /** The partners, in the order of the ports printed at start. */
    enum Stand {
        STRIPE, HUBSPOT, OPENAI
    }

    /** What a call was, for the report: the erase, the read-back that proves it, a list of what the partner keeps. */
    enum CallKind {
        ERASE, READ_BACK, LIST, UNKNOWN
    }

    private static final Pattern STRIPE_CUSTOMER = Pattern.compile("/v1/customers/([^/]+)");
    private static final Pattern STRIPE_BILLING_LIST = Pattern.compile("/v1/(invoices|charges|payment_intents)");
    private static final Pattern HUBSPOT_GDPR_DELETE = Pattern.compile("/crm/(?:v3/objects|objects/[^/]+)/contacts/gdpr-delete");
    private static final Pattern HUBSPOT_CONTACT = Pattern.compile("/crm/(?:v3/objects|objects/[^/]+)/contacts/([^/]+)");
    private static final Pattern OPENAI_OBJECT = Pattern.compile("/v1/(responses|files|vector_stores|chat/completions)/([^/]+)");

    private final Duration latency;
    private final ScheduledExecutorService answers;
    private final Map<Stand, HttpServer> servers = new EnumMap<>(Stand.class);
    private final Map<Stand, Map<CallKind, AtomicLong>> calls = new EnumMap<>(Stand.class);
    private final Map<Stand, PeakRate> peaks = new EnumMap<>(Stand.class);

    private PartnerStub(Duration latency) {
        this.latency = latency;
        // One thread writes every answer when its time comes; parsing happens on each server's own dispatcher thread.
        this.answers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "partner-stub-answers");
            thread.setDaemon(true);
            return thread;
        });
        for (Stand stand : Stand.values()) {
            Map<CallKind, AtomicLong> counts = new EnumMap<>(CallKind.class);
            for (CallKind kind : CallKind.values()) {
                counts.put(kind, new AtomicLong());
            }
            calls.put(stand, counts);
            peaks.put(stand, new PeakRate());
        }
    }

    /**
     * The most calls a partner received within one wall-clock second: what its rate limit would be checked against
     * (e.g. Stripe's 100 requests/s live), whatever the run's average.
     */
    private static final class PeakRate {
        private long second = -1;
        private long inSecond;
        private long peak;

        synchronized void record(long nowMillis) {
            long now = nowMillis / 1000;
            if (now != second) {
                second = now;
                inSecond = 0;
            }
            peak = Math.max(peak, ++inSecond);
        }

        synchronized long peak() {
            return peak;
        }

        synchronized void reset() {
            second = -1;
            inSecond = 0;
            peak = 0;
        }
    }

    /** {@code java ... PartnerStub <latency-ms>}: binds three free ports on 127.0.0.1 and prints them on one line. */
    public static void main(String[] args) throws IOException {
        PartnerStub stub = new PartnerStub(Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 20));
        List<String> ports = new ArrayList<>();
        for (Stand stand : Stand.values()) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.createContext("/", exchange -> stub.handle(stand, exchange));
            server.setExecutor(null); // the dispatcher thread parses; answers are written by the scheduler
            server.start();
            stub.servers.put(stand, server);
            ports.add(Integer.toString(server.getAddress().getPort()));
        }
        System.out.println("ports " + String.join(" ", ports));
        System.out.flush();
        // Stops with the benchmark: its end closes our stdin.
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // nothing to read, only the end
            }
        }
        stub.servers.values().forEach(server -> server.stop(0));
        System.exit(0);
    }

    private void handle(Stand stand, HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes(); // drained so the connection can be reused
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/_stub/")) {
            admin(stand, exchange, method, path);
            return;
        }
        Answer answer = switch (stand) {
            case STRIPE -> stripe(method, path);
            case HUBSPOT -> hubspot(method, path);
            case OPENAI -> openai(method, path);
        };
        calls.get(stand).get(answer.kind).incrementAndGet();
        peaks.get(stand).record(System.currentTimeMillis());
        if (latency.isZero()) {
            send(exchange, answer);
        } else {
            answers.schedule(() -> send(exchange, answer), latency.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private record Answer(CallKind kind, int status, String json) {
    }

    private static Answer stripe(String method, String path) {
        Matcher customer = STRIPE_CUSTOMER.matcher(path);
        if (customer.matches() && ("DELETE".equals(method) || "GET".equals(method))) {
            return new Answer("DELETE".equals(method) ? CallKind.ERASE : CallKind.READ_BACK, 200,
                    "{\"id\":\"" + customer.group(1) + "\",\"object\":\"customer\",\"deleted\":true}");
        }
        Matcher list = STRIPE_BILLING_LIST.matcher(path);
        if (list.matches() && "GET".equals(method)) {
            return new Answer(CallKind.LIST, 200, "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"/v1/"
                    + list.group(1) + "\"}");
        }
        return new Answer(CallKind.UNKNOWN, 400, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"parameter_invalid\","
                + "\"message\":\"not served by the benchmark stub\"}}");
    }

    private static Answer hubspot(String method, String path) {
        if ("POST".equals(method) && HUBSPOT_GDPR_DELETE.matcher(path).matches()) {
            return new Answer(CallKind.ERASE, 204, null);
        }
        Matcher contact = HUBSPOT_CONTACT.matcher(path);
        if ("GET".equals(method) && contact.matches()) {
            return new Answer(CallKind.READ_BACK, 404, "{\"status\":\"error\",\"message\":\"Object not found. objectId are usually"
                    + " numeric. (" + contact.group(1) + ")\",\"correlationId\":\"00000000-0000-0000-0000-000000000000\","
                    + "\"category\":\"OBJECT_NOT_FOUND\"}");
        }
        return new Answer(CallKind.UNKNOWN, 400, "{\"status\":\"error\",\"message\":\"not served by the benchmark stub\","
                + "\"correlationId\":\"00000000-0000-0000-0000-000000000000\",\"category\":\"VALIDATION_ERROR\"}");
    }

    private static Answer openai(String method, String path) {
        Matcher object = OPENAI_OBJECT.matcher(path);
        if (object.matches() && "DELETE".equals(method)) {
            String type = switch (object.group(1)) {
                case "responses" -> "response";
                case "files" -> "file";
                case "vector_stores" -> "vector_store.deleted";
                default -> "chat.completion.deleted";
            };
            return new Answer(CallKind.ERASE, 200, "{\"id\":\"" + object.group(2) + "\",\"object\":\"" + type + "\",\"deleted\":true}");
        }
        if (object.matches() && "GET".equals(method)) {
            return new Answer(CallKind.READ_BACK, 404, "{\"error\":{\"message\":\"No such object: '" + object.group(2)
                    + "'\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
        }
        return new Answer(CallKind.UNKNOWN, 400, "{\"error\":{\"message\":\"not served by the benchmark stub\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
    }

    private void admin(Stand stand, HttpExchange exchange, String method, String path) {
        if ("POST".equals(method) && path.equals("/_stub/reset")) {
            calls.get(stand).values().forEach(count -> count.set(0));
            peaks.get(stand).reset();
            send(exchange, new Answer(CallKind.UNKNOWN, 204, null));
        } else if ("GET".equals(method) && path.equals("/_stub/calls")) {
            StringBuilder json = new StringBuilder("{");
            calls.get(stand).forEach((kind, count) -> json.append(json.length() > 1 ? "," : "")
                    .append('"').append(kind.name()).append("\":").append(count.get()));
            json.append(",\"peakPerSecond\":").append(peaks.get(stand).peak());
            send(exchange, new Answer(CallKind.UNKNOWN, 200, json.append('}').toString()));
        } else {
            send(exchange, new Answer(CallKind.UNKNOWN, 404, "{}"));
        }
    }

    private static void send(HttpExchange exchange, Answer answer) {
        try (exchange) {
            if (answer.json == null) {
                exchange.sendResponseHeaders(answer.status, -1);
                return;
            }
            byte[] body = answer.json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the caller went away (timeout, shutdown): nothing to answer
        }
    }

    // ---- the benchmark's side ----

    /** A running stub process: its base URLs, calls and CPU. */
    static final class Process implements AutoCloseable {

        private final java.lang.Process process;
        private final Map<Stand, Integer> ports;
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        private Process(java.lang.Process process, Map<Stand, Integer> ports) {
            this.process = process;
            this.ports = ports;
        }

        String baseUrl(Stand stand) {
            return "http://127.0.0.1:" + ports.get(stand) + (stand == Stand.OPENAI ? "/v1" : "");
        }

        /** partner-sync's configuration pointing at the stub (after deploy/local's, which points at the sandbox). */
        Map<String, String> serviceConfig() {
            return Map.of("partners.stripe.base-url", baseUrl(Stand.STRIPE),
                    "partners.hubspot.base-url", baseUrl(Stand.HUBSPOT),
                    "partners.openai.base-url", baseUrl(Stand.OPENAI));
        }

        long pid() {
            return process.pid();
        }

        /** CPU time the stub's process used so far. */
        Duration cpu() {
            return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
        }

        void reset() {
            for (Stand stand : Stand.values()) {
                admin(stand, "POST", "/_stub/reset");
            }
        }

        /** Calls a partner received since the last reset, every kind together. */
        Map<CallKind, Long> calls(Stand stand) {
            String json = admin(stand, "GET", "/_stub/calls");
            Map<CallKind, Long> counts = new EnumMap<>(CallKind.class);
            for (CallKind kind : CallKind.values()) {
                Matcher m = Pattern.compile("\"" + kind.name() + "\":(\\d+)").matcher(json);
                counts.put(kind, m.find() ? Long.parseLong(m.group(1)) : 0L);
            }
            return counts;
        }

        /** The most calls the partner received within one second since the last reset. */
        long peakPerSecond(Stand stand) {
            Matcher m = Pattern.compile("\"peakPerSecond\":(\\d+)").matcher(admin(stand, "GET", "/_stub/calls"));
            return m.find() ? Long.parseLong(m.group(1)) : 0L;
        }

        private String admin(Stand stand, String method, String path) {
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(stand) + path))
                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
            try {
                return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new UncheckedIOException("partner stub unreachable", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (IOException e) {
                process.destroy();
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the stub in its own JVM (small heap, serial GC, C1 only: it must cost little) with this JVM's classpath. */
    static Process start(Duration latency, Path logFile) {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), PartnerStub.class.getName(), Long.toString(latency.toMillis()))
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            java.lang.Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("ports ")) {
                process.destroy();
                throw new IllegalStateException("the partner stub did not start: see " + logFile);
            }
            String[] ports = line.substring("ports ".length()).trim().split(" ");
            Map<Stand, Integer> byStand = new EnumMap<>(Stand.class);
            for (Stand stand : Stand.values()) {
                byStand.put(stand, Integer.parseInt(ports[stand.ordinal()]));
            }
            return new Process(process, byStand);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the partner stub", e);
        }
    }
}
