package io.privacyplatform.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.specification.RequestSpecification;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * The endpoint × role × own/other subject matrix of the service under test, measured rather than declared: walks the
 * service's OpenAPI document ({@code /q/openapi}) and calls every operation without a token, then (when that is 401)
 * with a token of each role, issued to the client that carries it in the realm ({@link TestTokens#clientOf}). Where
 * the path or the query names a subject, each role calls twice: for the token's own subject and for another one.
 * <p>
 * Every protected operation must also answer 401 to no token and to a token expired beyond the 30 s skew, signed
 * with HS256, for other services only or from another issuer (column "no or bad token").
 * <p>
 * A cell says whether the call got past authorization: {@code ✓} (any answer but 401 and 403: the endpoint ran,
 * even if only to say 400 or 404 to the made-up ids and empty bodies), {@code 401} or {@code 403}; {@code own/other}
 * where a subject is named. An answer 5xx fails the measure. Bodies are {@code {}} (or an empty CSV), ids made up,
 * so nothing that passes validation is ever written.
 */
public final class AccessMatrix {

    private static final String SUBJECT_QUERY = "subjectId";
    private static final String ALLOWED = "✓";

    private final List<Row> rows;
    private final int checks;

    private record Row(String method, String path, boolean subject, boolean open, Map<String, String> cells) {
    }

    private AccessMatrix(List<Row> rows, int checks) {
        this.rows = rows;
        this.checks = checks;
    }

    /** Measures the service the current {@code @QuarkusTest} runs (REST Assured's base URI and port). */
    public static AccessMatrix measure() {
        JsonNode paths;
        try {
            String document = given().accept("application/json").queryParam("format", "json").get("/q/openapi")
                    .then().statusCode(200).extract().asString();
            paths = new ObjectMapper().readTree(document).path("paths");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the OpenAPI document is not JSON", e);
        }
        List<Row> rows = new ArrayList<>();
        int checks = 0;
        List<String> pathNames = new ArrayList<>();
        paths.fieldNames().forEachRemaining(pathNames::add);
        pathNames.sort(String::compareTo);
        for (String path : pathNames) {
            JsonNode item = paths.get(path);
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonNode operation = item.get(method);
                if (operation == null) {
                    continue;
                }
                Operation call = Operation.of(method, path, item, operation);
                Map<String, String> cells = new LinkedHashMap<>();
                int anonymous = call.status(null, "usr-matrix-own");
                checks++;
                boolean open = anonymous != 401;
                if (!open) {
                    for (String bad : refusedTokens()) {
                        int status = call.status(bad, "usr-matrix-own");
                        checks++;
                        if (status != 401) {
                            throw new AssertionError(method.toUpperCase() + " " + path + " answered " + status
                                    + " to a token it must refuse (expired, forged, for other services or from another issuer)");
                        }
                    }
                    for (String role : TestTokens.ROLES) {
                        String subject = TestTokens.DATA_SUBJECT.equals(role) ? "usr-matrix-own" : subjectOf(role);
                        String token = TestTokens.token(subject, role);
                        String own = cell(call.status(token, subject), call);
                        checks++;
                        if (call.namesSubject()) {
                            String other = cell(call.status(token, "usr-matrix-" + UUID.randomUUID()), call);
                            checks++;
                            cells.put(role, own + "/" + other);
                        } else {
                            cells.put(role, own);
                        }
                    }
                }
                rows.add(new Row(method.toUpperCase(), path, call.namesSubject(), open, cells));
            }
        }
        return new AccessMatrix(rows, checks);
    }

    /** How many calls the measure made. */
    public int checks() {
        return checks;
    }

    /** The Markdown table: one row per operation, one column per role. */
    public String markdown() {
        StringBuilder table = new StringBuilder("| Endpoint | no or bad token |");
        StringBuilder rule = new StringBuilder("| --- | :-: |");
        for (String role : TestTokens.ROLES) {
            table.append(' ').append(role).append(" |");
            rule.append(" :-: |");
        }
        table.append('\n').append(rule).append('\n');
        for (Row row : rows) {
            table.append("| `").append(row.method()).append(' ').append(row.path()).append('`')
                    .append(row.subject() ? " (own/other)" : "").append(" | ").append(row.open() ? "public" : "401").append(" |");
            for (String role : TestTokens.ROLES) {
                table.append(' ').append(row.open() ? "public" : row.cells().get(role)).append(" |");
            }
            table.append('\n');
        }
        return table.toString();
    }

    /** Tokens every protected operation refuses: expired beyond the skew, HS256-forged, for other services, another issuer. */
    private static List<String> refusedTokens() {
        String role = TestTokens.PRIVACY_OFFICER;
        return List.of(TestTokens.expiredSince(java.time.Duration.ofMinutes(5), role), TestTokens.signedWithHs256(role),
                TestTokens.forAudience(role, "another-service"), TestTokens.fromIssuer("https://issuer.example.org/realms/privacy", role));
    }

    private static String subjectOf(String role) {
        String client = TestTokens.clientOf(role);
        return TestTokens.FRONTEND_CLIENT.equals(client) || TestTokens.CONSOLE_CLIENT.equals(client)
                ? "usr-matrix-" + role : TestTokens.serviceAccount(client);
    }

    private static String cell(int status, Operation call) {
        if (status >= 500) {
            throw new AssertionError(call.method().toUpperCase() + " " + call.path() + " answered " + status + " to the access matrix");
        }
        return status == 401 || status == 403 ? Integer.toString(status) : ALLOWED;
    }

    /** One operation and how to call it with made-up values. */
    private record Operation(String method, String path, List<JsonNode> parameters, String bodyType) {

        static Operation of(String method, String path, JsonNode item, JsonNode operation) {
            List<JsonNode> parameters = new ArrayList<>();
            item.path("parameters").forEach(parameters::add);
            operation.path("parameters").forEach(parameters::add);
            String bodyType = null;
            Iterator<String> types = operation.path("requestBody").path("content").fieldNames();
            if (types.hasNext()) {
                bodyType = types.next();
            }
            return new Operation(method, path, parameters, bodyType);
        }

        boolean namesSubject() {
            return parameters.stream().anyMatch(Operation::isSubject);
        }

        private static boolean isSubject(JsonNode parameter) {
            String name = parameter.path("name").asText();
            return name.equals(SUBJECT_QUERY) || ("path".equals(parameter.path("in").asText()) && name.toLowerCase().contains("subject"));
        }

        int status(String token, String subject) {
            RequestSpecification request = given().redirects().follow(false);
            if (token != null) {
                request.auth().oauth2(token);
            }
            String url = path;
            for (JsonNode parameter : parameters) {
                String name = parameter.path("name").asText();
                String in = parameter.path("in").asText();
                String value = isSubject(parameter) ? subject : sample(parameter.path("schema"));
                if ("path".equals(in)) {
                    url = url.replace("{" + name + "}", value);
                } else if ("query".equals(in) && (isSubject(parameter) || parameter.path("required").asBoolean())) {
                    request.queryParam(name, value);
                }
            }
            if (bodyType != null) {
                request.contentType(bodyType).body(bodyType.contains("json") ? "{}" : "");
            }
            return request.request(method, url).then().extract().statusCode();
        }

        private static String sample(JsonNode schema) {
            String format = schema.path("format").asText();
            String type = schema.path("type").asText();
            if ("uuid".equals(format)) {
                return UUID.randomUUID().toString();
            }
            return "integer".equals(type) || "number".equals(type) ? "1" : "x" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
