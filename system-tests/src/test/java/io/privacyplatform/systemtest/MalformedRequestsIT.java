package io.privacyplatform.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.RealmClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input run of the security suite (issue 15): every operation of the four services' OpenAPI documents gets
 * generated malformed requests (wrong types, sizes, encodings, Unicode tricks, injection strings, broken JSON, wrong
 * content types, missing and forged tokens), at least {@value #AT_LEAST} in all, against the packaged services. What a
 * user relies on: no answer is a 5xx, none carries a stack trace, none shows another subject's data (a victim's
 * request with a rectified address and consents exist; the callers are another data subject or nobody), and the
 * services still answer afterwards. The figures are printed (the README's security section quotes them).
 */
@Order(SharedPlatform.Profile.STANDARD_ORDER)
class MalformedRequestsIT {

    static final int AT_LEAST = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a stack trace or an internal exception in an answer looks like. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(\\tat [\\w$.]+\\(|\\bat (java|io|org|jakarta|com)\\.[\\w$.]+\\(|Caused by:|\\b[A-Z]\\w*(Exception|Error)\\b:|"
                    + "\\bjava\\.(lang|util|io)\\.\\w+|org\\.hibernate|org\\.postgresql|PSQLException|jakarta\\.\\w+\\.\\w+Exception)");

    private static LocalPlatform platform;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** The victim's subject id, a request of theirs and what must never reach anyone else. */
    private static String victim;
    private static String victimRequest;
    private static String victimMarker;
    private static final String CALLER = "usr-fuzz-caller-" + UUID.randomUUID();

    @BeforeAll
    static void startPlatformAndSeedAVictim() {
        platform = SharedPlatform.of(SharedPlatform.Profile.STANDARD);
        victim = "usr-fuzz-victim-" + UUID.randomUUID();
        victimMarker = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";
        victimRequest = given().auth().oauth2(platform.token(victim, "data-subject")).contentType("application/json")
                .body(Map.of("type", "RECTIFICATION", "corrections", List.of(Map.of("field", "email", "value", victimMarker))))
                .post(platform.service("request-service").baseUrl() + "/requests")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(platform.token(victim, "data-subject")).contentType("application/json")
                .body(Map.of("purpose", "marketing-email", "granted", true))
                .post(platform.service("consent-service").baseUrl() + "/consents").then().statusCode(201);
    }

    /** One generated request and who sent it. */
    record Attempt(String service, String method, String path, String template, String contentType, byte[] body,
                   Caller caller, String variant) {
    }

    /**
     * Who sends an attempt, with a token as the realm would issue it. The leak check applies to the callers that may
     * see only their own data or none: nobody, a forged token, another data subject, the product's backends (none of
     * their roles reads a rectified value). The officer, the operator and the services' own clients (export and
     * rectification readers) may legitimately read any subject.
     */
    enum Caller {
        NONE(null, null, true), GARBAGE(null, null, true), OTHER_SUBJECT("data-subject", null, true),
        OFFICER("privacy-officer", null, false), OPERATOR("operator", null, false),
        WEB_BACKEND(null, RealmClients.WEB_BACKEND, true), BILLING_BACKEND(null, RealmClients.BILLING_BACKEND, true),
        REQUEST_SERVICE(null, "request-service", false), PARTNER_SYNC(null, "partner-sync-service", false),
        RETENTION_SERVICE(null, "retention-service", false);

        final String role;
        final String client;
        final boolean mustNotSeeTheVictim;

        Caller(String role, String client, boolean mustNotSeeTheVictim) {
            this.role = role;
            this.client = client;
            this.mustNotSeeTheVictim = mustNotSeeTheVictim;
        }
    }

    @Test
    void noMalformedRequestGetsA5xxAStackTraceOrAnotherSubjectsData() throws Exception {
        Map<Caller, String> tokens = new LinkedHashMap<>();
        for (Caller caller : Caller.values()) {
            tokens.put(caller, caller == Caller.NONE ? null
                    : caller == Caller.GARBAGE ? "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."
                    : caller.client != null ? platform.clientToken(caller.client)
                    : platform.token(caller == Caller.OTHER_SUBJECT ? CALLER : "staff-fuzz", caller.role));
        }
        List<Attempt> attempts = new ArrayList<>();
        int operations = 0;
        for (String service : LocalPlatform.SERVICES) {
            JsonNode openApi = JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                    URI.create(platform.service(service).baseUrl() + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            List<Operation> ops = Operation.all(service, openApi);
            operations += ops.size();
            ops.forEach(op -> attempts.addAll(op.attempts()));
        }
        // Round-robin callers so that every operation meets each of them; then top up to the target.
        List<Attempt> run = new ArrayList<>();
        Caller[] callers = Caller.values();
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            run.add(new Attempt(a.service, a.method, a.path, a.template, a.contentType, a.body, callers[i % callers.length], a.variant));
        }
        for (int round = 1; run.size() < AT_LEAST; round++) {
            for (int i = 0; i < attempts.size() && run.size() < AT_LEAST; i++) {
                Attempt a = attempts.get(i);
                run.add(new Attempt(a.service, a.method, a.path, a.template, a.contentType, a.body,
                        callers[(i + round) % callers.length], a.variant));
            }
        }

        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perService = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long begin = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (Attempt attempt : run) {
            futures.add(pool.submit(() -> {
                Answer response = send(attempt, tokens.get(attempt.caller));
                perService.computeIfAbsent(attempt.service, s -> new AtomicInteger()).incrementAndGet();
                int status = response.status();
                statuses.computeIfAbsent(status < 0 ? "no answer" : (status / 100) + "xx", s -> new AtomicInteger()).incrementAndGet();
                String body = response.body();
                String what = attempt.method + " " + attempt.template + " [" + attempt.variant + ", " + attempt.caller + "]";
                if (status < 0 || status >= 500) {
                    failures.add(status + " " + what + ": " + abbreviate(body));
                } else if (STACK_TRACE.matcher(body).find()) {
                    failures.add("stack trace " + what + ": " + abbreviate(body));
                } else if (attempt.caller.mustNotSeeTheVictim && body.contains(victimMarker)) {
                    failures.add("victim's data " + what);
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        long millis = (System.nanoTime() - begin) / 1_000_000;
        System.out.printf("[security] malformed requests: %d sent to %d operations of %d services in %d ms; answers %s;"
                        + " per service %s; 5xx, stack traces, other subject's data: %d%n", run.size(), operations,
                LocalPlatform.SERVICES.size(), millis, new TreeMap<>(statuses), new TreeMap<>(perService), failures.size());
        failures.stream().limit(40).forEach(f -> System.out.println("[security]   " + f));

        assertTrue(run.size() >= AT_LEAST, "sent " + run.size());
        assertEquals(List.of(), failures.stream().limit(40).toList(), failures.size() + " bad answers");
        for (String service : LocalPlatform.SERVICES) {
            given().get(platform.service(service).baseUrl() + "/q/health/ready").then().statusCode(200);
        }
    }

    /** An answer: its status (-1 when none came) and its body as text. */
    record Answer(int status, String body) {
    }

    /**
     * Sends the attempt over a plain socket, the request target as it is: a JDK or library client would refuse or
     * repair the malformed escapes and characters that are the point of the exercise. One connection per request.
     */
    private static Answer send(Attempt attempt, String token) {
        URI base = URI.create(platform.service(attempt.service).baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder().append(attempt.method).append(' ').append(attempt.path)
                    .append(" HTTP/1.1\r\nHost: ").append(base.getHost()).append(':').append(base.getPort())
                    .append("\r\nConnection: close\r\nAccept: application/json, */*\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (attempt.contentType != null) {
                head.append("Content-Type: ").append(attempt.contentType).append("\r\n");
            }
            byte[] body = attempt.body == null ? new byte[0] : attempt.body;
            if (attempt.body != null || !attempt.method.equals("GET")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413) and close before reading a large body: read what it said.
            }
            byte[] raw = socket.getInputStream().readAllBytes();
            return parse(raw);
        } catch (IOException e) {
            return new Answer(-1, String.valueOf(e));
        }
    }

    private static Answer parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        String head = new String(raw, 0, Math.max(end, 0), StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.") || end < 0) {
            return new Answer(-1, "not an HTTP answer: " + abbreviate(new String(raw, StandardCharsets.UTF_8)));
        }
        int status = Integer.parseInt(head.substring(9, 12));
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            java.io.ByteArrayOutputStream decoded = new java.io.ByteArrayOutputStream();
            int at = 0;
            while (at < body.length) {
                int lineEnd = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
                if (lineEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(new String(body, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                int from = lineEnd + 2;
                decoded.write(body, from, Math.min(size, body.length - from));
                at = from + size + 2;
            }
            body = decoded.toByteArray();
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    /** One operation of an OpenAPI document, and the malformed requests made from it. */
    record Operation(String service, String method, String template, List<String> pathParams, List<String> queryParams,
                     String bodyType, JsonNode bodySchema, JsonNode components) {

        static List<Operation> all(String service, JsonNode doc) {
            List<Operation> ops = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> path = paths.next();
                if (path.getKey().startsWith("/q/")) {
                    continue;
                }
                Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
                while (methods.hasNext()) {
                    Map.Entry<String, JsonNode> m = methods.next();
                    if (!List.of("get", "post", "put", "patch", "delete").contains(m.getKey())) {
                        continue;
                    }
                    List<String> pathParams = new ArrayList<>();
                    List<String> queryParams = new ArrayList<>();
                    List<JsonNode> parameters = new ArrayList<>();
                    path.getValue().path("parameters").forEach(parameters::add);
                    m.getValue().path("parameters").forEach(parameters::add);
                    for (JsonNode p : parameters) {
                        switch (p.path("in").asText()) {
                            case "path" -> pathParams.add(p.path("name").asText());
                            case "query" -> queryParams.add(p.path("name").asText());
                            default -> {
                            }
                        }
                    }
                    String bodyType = null;
                    JsonNode schema = null;
                    Iterator<Map.Entry<String, JsonNode>> content = m.getValue().path("requestBody").path("content").fields();
                    if (content.hasNext()) {
                        Map.Entry<String, JsonNode> first = content.next();
                        bodyType = first.getKey();
                        schema = first.getValue().path("schema");
                    }
                    ops.add(new Operation(service, m.getKey().toUpperCase(), path.getKey(), pathParams, queryParams,
                            bodyType, schema, doc.path("components").path("schemas")));
                }
            }
            return ops;
        }

        List<Attempt> attempts() {
            List<Attempt> out = new ArrayList<>();
            // Each path parameter, then each query parameter, set to every hostile value (the others plausible).
            for (String param : pathParams) {
                for (String value : Hostile.STRINGS) {
                    out.add(attempt(path(param, value, false), "", plausibleBody(), "path " + param));
                }
                for (String raw : Hostile.RAW_PATH_SEGMENTS) {
                    out.add(attempt(path(param, raw, true), "", plausibleBody(), "raw path " + param));
                }
                // Another subject's ids: the victim's subject id and request id where the caller is someone else.
                out.add(attempt(path(param, victim, false), "", plausibleBody(), "victim's subject in " + param));
                out.add(attempt(path(param, victimRequest, false), "", plausibleBody(), "victim's request in " + param));
            }
            for (String param : queryParams) {
                for (String value : Hostile.STRINGS) {
                    out.add(attempt(path(null, null, false), "?" + param + "=" + encode(value), plausibleBody(), "query " + param));
                }
                out.add(attempt(path(null, null, false), "?" + param + "=" + encode(victim), plausibleBody(), "victim in " + param));
                out.add(attempt(path(null, null, false), "?" + param + "=%ZZ&" + param + "=%C3%28", plausibleBody(), "bad escapes " + param));
            }
            // Unknown and repeated query parameters, on every operation.
            out.add(attempt(path(null, null, false), "?" + "x".repeat(4000) + "=1", plausibleBody(), "long query name"));
            out.add(attempt(path(null, null, false), "?a=1&a=2&a=%00", plausibleBody(), "repeated query"));
            if (bodyType != null) {
                for (byte[] body : Hostile.bodies()) {
                    out.add(new Attempt(service, method, path(null, null, false), template, bodyType, body, Caller.NONE, "body"));
                }
                for (byte[] body : Bodies.fromSchema(bodySchema, components)) {
                    out.add(new Attempt(service, method, path(null, null, false), template, bodyType, body, Caller.NONE, "typed body"));
                }
                for (String contentType : Hostile.CONTENT_TYPES) {
                    out.add(new Attempt(service, method, path(null, null, false), template, contentType, plausibleBody(),
                            Caller.NONE, "content type"));
                }
            } else if (!method.equals("GET") && !method.equals("DELETE")) {
                out.add(new Attempt(service, method, path(null, null, false), template, "application/json", "{\"x\":".getBytes(), Caller.NONE, "unexpected body"));
            }
            return out;
        }

        private Attempt attempt(String path, String query, byte[] body, String variant) {
            return new Attempt(service, method, path + query, template, body == null ? null : bodyType, body, Caller.NONE, variant);
        }

        private byte[] plausibleBody() {
            if (bodyType == null) {
                return null;
            }
            List<byte[]> typed = Bodies.fromSchema(bodySchema, components);
            return typed.isEmpty() ? "{}".getBytes() : typed.get(0);
        }

        /** The template with {@code param} set to {@code value} (encoded unless raw), the others plausible. */
        private String path(String param, String value, boolean raw) {
            String path = template;
            for (String p : pathParams) {
                String v = p.equals(param) ? (raw ? value : encode(value)) : plausible(p);
                path = path.replace("{" + p + "}", v);
            }
            return path;
        }

        private static String plausible(String param) {
            String lower = param.toLowerCase();
            if (lower.contains("subject")) {
                return CALLER;
            }
            return UUID.randomUUID().toString();
        }
    }

    /** Percent-encodes every byte outside RFC 3986's unreserved set (a path segment or a query value). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** Values an attacker or a broken client sends. */
    static final class Hostile {

        static final List<String> STRINGS = List.of(
                "", " ", "0", "-1", "2147483648", "99999999999999999999999", "1e309", "NaN", "-0", "true", "null",
                "[]", "{}", "'", "\"", "\\", "' OR '1'='1", "1; DROP TABLE request; --", "\" OR \"\"=\"",
                "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1:1/a}", "#{7*7}",
                "{{7*7}}", "%s%s%s%n", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd\u0000.json",
                "\u0000", "\r\nSet-Cookie: a=b", "\u202Egnp.exe", "\uFEFFbom", "a\u200Bb", "\uFF1Dcmd|calc", "\uD83D\uDE00",
                "e\u0301", "\u0130", "A".repeat(5000), "\u00e9".repeat(3000), "00000000-0000-0000-0000-00000000000g",
                "00000000-0000-0000-0000-000000000000", "usr-" + "9".repeat(300), "=HYPERLINK(\"http://x\")", "@SUM(1)",
                "\tcmd", "*", "%", "_", "mailto:a@b.c", "javascript:alert(1)", "http://169.254.169.254/latest/meta-data/");

        /** Already-encoded path segments, sent as they are. */
        static final List<String> RAW_PATH_SEGMENTS = List.of("%00", "%C3%28", "%FF%FE", "..%2F..%2Fetc%2Fpasswd", "%2e%2e",
                "%252e%252e", "a%2Fb", "%E2%80%AE", "%F0%9F%98%80", "%ED%A0%80");

        static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/json; charset=nonsense",
                "application/*", "", "\u00e9/\u00e9");

        static List<byte[]> bodies() {
            List<byte[]> out = new ArrayList<>();
            for (String s : List.of("", " ", "{", "}", "[", "[]", "null", "true", "0", "\"x\"", "{\"a\":}", "{'a':1}",
                    "{\"a\":1,}", "{\"a\":1}{\"b\":2}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1e999999}",
                    "{\"a\":-1e-999999}", "{\"a\":\"\\uD800\"}", "{\"a\":\"\\u0000\"}", "{\"__proto__\":{\"admin\":true}}",
                    "{\"a\":1,\"a\":2}", "\uFEFF{}", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                    "[".repeat(100_000), "{\"a\":\"" + "x".repeat(2_000_000) + "\"}", "<?xml version=\"1.0\"?><a/>",
                    "a=1&b=2", "/* */ {}", "{\"subjectId\":{\"$ne\":null}}")) {
                out.add(s.getBytes(StandardCharsets.UTF_8));
            }
            out.add(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            out.add(new byte[]{(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0});
            out.add(new byte[]{0, 0, 0, 0});
            return out;
        }
    }

    /** Bodies built from the operation's schema: the right shape with wrong types, hostile strings, or nothing. */
    static final class Bodies {

        static List<byte[]> fromSchema(JsonNode schema, JsonNode components) {
            JsonNode resolved = resolve(schema, components);
            List<byte[]> out = new ArrayList<>();
            if (resolved == null || !resolved.path("properties").isObject()) {
                return out;
            }
            List<String> names = new ArrayList<>();
            resolved.path("properties").fieldNames().forEachRemaining(names::add);
            ObjectNode plausible = JSON.createObjectNode();
            ObjectNode wrongTypes = JSON.createObjectNode();
            ObjectNode nulls = JSON.createObjectNode();
            ObjectNode hostile = JSON.createObjectNode();
            ObjectNode victims = JSON.createObjectNode();
            int i = 0;
            for (String name : names) {
                JsonNode p = resolve(resolved.path("properties").path(name), components);
                String type = p == null ? "" : p.path("type").asText();
                switch (type) {
                    case "integer", "number" -> {
                        plausible.put(name, 1);
                        wrongTypes.put(name, "not a number");
                    }
                    case "boolean" -> {
                        plausible.put(name, true);
                        wrongTypes.put(name, "yes");
                    }
                    case "array" -> {
                        plausible.putArray(name);
                        wrongTypes.put(name, "not an array");
                    }
                    case "object" -> {
                        plausible.putObject(name);
                        wrongTypes.putArray(name).add(1);
                    }
                    default -> {
                        String value = p != null && p.path("enum").isArray() && !p.path("enum").isEmpty()
                                ? p.path("enum").path(0).asText() : "value";
                        plausible.put(name, name.toLowerCase().contains("subject") ? CALLER : value);
                        wrongTypes.putObject(name).put("nested", 1);
                    }
                }
                nulls.putNull(name);
                hostile.put(name, Hostile.STRINGS.get((i++ * 7) % Hostile.STRINGS.size()));
                victims.put(name, name.toLowerCase().contains("subject") ? victim
                        : name.toLowerCase().contains("request") ? victimRequest : "value");
            }
            for (ObjectNode node : List.of(plausible, wrongTypes, nulls, hostile, victims)) {
                out.add(node.toString().getBytes(StandardCharsets.UTF_8));
            }
            for (String value : Hostile.STRINGS) {
                ObjectNode every = plausible.deepCopy();
                names.forEach(n -> every.put(n, value));
                out.add(every.toString().getBytes(StandardCharsets.UTF_8));
            }
            ObjectNode extra = plausible.deepCopy();
            extra.put("unknownField", "x").put("status", "COMPLETED").put("admin", true);
            out.add(extra.toString().getBytes(StandardCharsets.UTF_8));
            return out;
        }

        private static JsonNode resolve(JsonNode schema, JsonNode components) {
            JsonNode s = schema;
            for (int depth = 0; s != null && s.has("$ref") && depth < 5; depth++) {
                String ref = s.path("$ref").asText();
                s = components.path(ref.substring(ref.lastIndexOf('/') + 1));
            }
            if (s != null && s.has("allOf") && s.path("allOf").size() == 1) {
                return resolve(s.path("allOf").path(0), components);
            }
            return s == null || s.isMissingNode() ? null : s;
        }
    }
}
