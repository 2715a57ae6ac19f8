package io.privacyplatform.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every change reaches Kafka as {@code consent-changed} (through the outbox), with the codes partner-sync reads
 * (purpose marketing-email, granted=false) and no personal data.
 */
@QuarkusTest
class ConsentEventsTest {

    private static final String EMAIL = "lea.moreau@example.fr";

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void aGrantAndAWithdrawalArePublishedInOrderWithTheLedgerIds() {
        String grantId = given().auth().oauth2(TestTokens.withIdentity(subjectId, TestTokens.DATA_SUBJECT, EMAIL, "Léa Moreau"))
                .contentType(ContentType.JSON).body("{\"purpose\":\"marketing-email\",\"granted\":true}")
                .post("/consents").then().statusCode(201).extract().path("entryId");
        String withdrawalId = given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":false,\"email\":\"" + EMAIL + "\"}")
                .post("/consents").then().statusCode(201).extract().path("entryId");
        // Not a change: no event.
        Consents.withdraw(subjectId, "marketing-email").statusCode(200);
        Consents.grant(subjectId, "partner-referral").statusCode(201);

        List<ConsumerRecord<String, String>> records = kafka.awaitRecords(Events.CONSENT_CHANGED.topic(),
                r -> subjectId.equals(r.key()), 3, Consents.WAIT);
        assertEquals(3, records.size(), "one event per change, none for the repeated withdrawal");

        JsonNode grant = Consents.data(records.get(0));
        assertEquals(grantId, grant.get("consentRecordId").asText());
        assertEquals(subjectId, grant.get("subjectId").asText());
        assertEquals("marketing-email", grant.get("purpose").asText());
        assertEquals(true, grant.get("granted").asBoolean());
        assertEquals("platform-settings", grant.get("source").asText());
        assertEquals("1.0", grant.get("policyVersion").asText());
        assertNotNull(Instant.parse(grant.get("recordedAt").asText()));

        JsonNode withdrawal = Consents.data(records.get(1));
        assertEquals(withdrawalId, withdrawal.get("consentRecordId").asText());
        assertEquals("marketing-email", withdrawal.get("purpose").asText());
        assertEquals(false, withdrawal.get("granted").asBoolean());
        assertEquals("partner-referral", Consents.data(records.get(2)).get("purpose").asText());

        ConsumerRecord<String, String> first = records.get(0);
        assertEquals(Events.CONSENT_CHANGED.cloudEventType(), KafkaTestClient.header(first, "ce_type"));
        assertEquals("/consent-service", KafkaTestClient.header(first, "ce_source"));
        assertEquals(subjectId, KafkaTestClient.header(first, "ce_subject"));
        for (ConsumerRecord<String, String> record : records) {
            String everything = record.value() + record.key() + KafkaTestClient.headersAsText(record);
            for (String personal : List.of(EMAIL, "@", "Léa", "Moreau")) {
                assertFalse(everything.contains(personal), "personal data on Kafka: " + personal);
            }
        }
    }
}
