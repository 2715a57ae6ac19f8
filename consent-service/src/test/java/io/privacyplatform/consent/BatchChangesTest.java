package io.privacyplatform.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** POST /consents/batch: many changes in one transaction, under the rules of POST /consents, all or nothing. */
@QuarkusTest
class BatchChangesTest {

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private final String alice = "usr-" + UUID.randomUUID();
    private final String bob = "usr-" + UUID.randomUUID();

    @Test
    void aBatchRecordsEveryChangeInOrderAndPublishesEach() {
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body(Map.of("changes", List.of(
                        Map.of("subjectId", alice, "purpose", "marketing-email", "granted", true),
                        Map.of("subjectId", alice, "purpose", "marketing-email", "granted", false),
                        Map.of("subjectId", alice, "purpose", "marketing-email", "granted", false),
                        Map.of("subjectId", bob, "purpose", "marketing-email", "granted", false),
                        Map.of("subjectId", bob, "purpose", "marketing-email", "granted", true))))
                .post("/consents/batch").then().statusCode(200)
                .body("results.changed", contains(true, true, false, false, true))
                .body("results[2].entry.action", equalTo("WITHDRAW"))
                .body("results[3].entry", equalTo(null));
        Consents.effective(alice, "marketing-email").body("reason", equalTo("WITHDRAWN"));
        Consents.effective(bob, "marketing-email").body("reason", equalTo("GRANTED"));
        List<JsonNode> changes = Consents.changes(kafka, alice, 2);
        assertEquals(List.of(true, false), changes.stream().map(c -> c.get("granted").asBoolean()).toList());
    }

    @Test
    void aRefusedChangeRefusesTheWholeBatchNamingIt() {
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body(Map.of("changes", List.of(
                        Map.of("subjectId", alice, "purpose", "marketing-email", "granted", true),
                        Map.of("subjectId", bob, "purpose", "sell-my-data", "granted", true))))
                .post("/consents/batch").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("changes[1].purpose"));
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body(Map.of("changes", List.of(
                        Map.of("subjectId", alice, "purpose", "marketing-email", "granted", true),
                        Map.of("subjectId", bob, "purpose", "marketing-email", "granted", true, "source", "email-request"))))
                .post("/consents/batch").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("Change 1 of the batch"));
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", alice).get("/consents").then()
                .statusCode(200).body("history", empty());

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(Map.of("subjectId", alice, "purpose", "marketing-email", "granted", i % 2 == 0));
        }
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON).body(Map.of("changes", tooMany))
                .post("/consents/batch").then().statusCode(400).body("errors[0].field", equalTo("changes"));
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body(Map.of("changes", List.of(Map.of("subjectId", alice, "granted", true))))
                .post("/consents/batch").then().statusCode(400).body("errors[0].field", containsString("purpose"));
        given().auth().oauth2(TestTokens.dataSubject(alice)).contentType(ContentType.JSON)
                .body(Map.of("changes", List.of(Map.of("purpose", "marketing-email", "granted", true))))
                .post("/consents/batch").then().statusCode(403);
    }
}
