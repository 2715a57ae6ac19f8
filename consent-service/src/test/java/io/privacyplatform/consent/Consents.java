package io.privacyplatform.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;

/** The calls the tests repeat, through the real HTTP API. */
final class Consents {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** An erasure's expected systems as the registry gives them (policy, systems.yaml). */
    static final List<String> ERASURE_SYSTEMS = List.of(Systems.CONSENT, Systems.RETENTION, Systems.STRIPE,
            Systems.HUBSPOT, Systems.OPENAI, "account-database");
    private static final ObjectMapper JSON = new ObjectMapper();

    static ValidatableResponse grant(String subjectId, String purpose) {
        return given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"" + purpose + "\",\"granted\":true}").post("/consents").then();
    }

    static ValidatableResponse withdraw(String subjectId, String purpose) {
        return given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"" + purpose + "\",\"granted\":false}").post("/consents").then();
    }

    static ValidatableResponse effective(String subjectId, String purpose) {
        return given().auth().oauth2(TestTokens.consentChecker()).queryParam("subjectId", subjectId).queryParam("purpose", purpose)
                .get("/consents/effective").then().statusCode(200);
    }

    /** The subject's consent-changed records, once at least {@code count} are on the topic. */
    static List<JsonNode> changes(KafkaTestClient kafka, String subjectId, int count) {
        return kafka.awaitRecords(Events.CONSENT_CHANGED.topic(), r -> subjectId.equals(r.key()), count, WAIT).stream()
                .map(Consents::data).toList();
    }

    static JsonNode data(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + record.topic(), e);
        }
    }

    private Consents() {
    }
}
