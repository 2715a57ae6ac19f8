package io.privacyplatform.retention;

import io.privacyplatform.testkit.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/** The retention-service API as the tests call it, with the tokens of each role. */
final class Api {

    private Api() {
    }

    /**
     * Registers an entry as the privacy officer; {@code times} alternates field names and instants, e.g.
     * "lastActivityAt", t. The tests set up clocks that already ran out, which only the officer may record.
     */
    static ValidatableResponse register(String subjectId, String purpose, Object... times) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("subjectId", subjectId);
        fields.put("purpose", purpose);
        fields.put("dataCategories", new String[]{"identity", "contact"});
        for (int i = 0; i < times.length; i += 2) {
            fields.put((String) times[i], times[i + 1].toString());
        }
        return given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(fields)
                .post("/inventory").then();
    }

    static ValidatableResponse clocks(String subjectId) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).get("/subjects/{id}/retention", subjectId).then();
    }

    static ValidatableResponse sweep(boolean dryRun) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("dryRun", dryRun).post("/sweeps").then();
    }

    static ValidatableResponse placeHold(String json) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(json)
                .post("/holds").then();
    }

    static ValidatableResponse liftHold(String holdId) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).post("/holds/{id}/lift", holdId).then();
    }

    static ValidatableResponse connectionLogs(String json) {
        return given().auth().oauth2(TestTokens.connectionLogRecorder()).contentType(ContentType.JSON).body(json)
                .post("/connection-logs").then();
    }

    static String json(Map<String, ?> fields) {
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + (e.getValue() instanceof Instant
                        || e.getValue() instanceof String ? "\"" + e.getValue() + "\"" : String.valueOf(e.getValue())))
                .collect(Collectors.joining(",", "{", "}"));
    }
}
