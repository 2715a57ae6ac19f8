package io.privacyplatform.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.consent.ConsentLapsed;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code consent-lapsed} (retention-service: the inactivity period of policy §4 ended): a consent still granted is
 * withdrawn in the ledger with reason LAPSED and {@code consent-changed} says so; a second lapse, a consent already
 * withdrawn or granted again since the last contact change nothing; an unreadable event is a dead letter.
 */
@QuarkusTest
class ConsentLapseTest {

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Inject
    DataSource dataSource;

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void aGrantedConsentLapsesOnceWithReasonLapsed() {
        Instant granted = Instant.parse(Consents.grant(subjectId, "marketing-email").statusCode(201).extract().path("recordedAt"));
        UUID lapseId = UUID.randomUUID();
        lapse(lapseId, granted);

        List<JsonNode> changes = Consents.changes(kafka, subjectId, 2);
        JsonNode withdrawal = changes.get(1);
        assertEquals("marketing-email", withdrawal.get("purpose").asText());
        assertEquals(false, withdrawal.get("granted").asBoolean());
        assertEquals("LAPSED", withdrawal.get("reason").asText());
        assertEquals("inactivity-lapse", withdrawal.get("source").asText());
        assertTrue(changes.get(0).path("reason").isMissingNode() || changes.get(0).get("reason").isNull(),
                "the subject's own grant has no reason");

        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subjectId).get("/consents").then()
                .statusCode(200)
                .body("current[0].action", equalTo("WITHDRAW"))
                .body("current[0].reason", equalTo("LAPSED"))
                .body("current[0].source", equalTo("inactivity-lapse"))
                .body("current[0].actorRole", equalTo("retention"))
                .body("current[0].recordedBy", equalTo(lapseId.toString()))
                .body("history", hasSize(2));
        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(false)).body("reason", equalTo("WITHDRAWN"));

        // A second lapse (another finding, or the same one redelivered): nothing more.
        String again = lapse(UUID.randomUUID(), granted);
        awaitProcessed(again);
        assertEquals(2, consentChangesInOutbox(), "no event for a consent already withdrawn");
    }

    @Test
    void aConsentGrantedAgainAfterTheLastContactDoesNotLapse() {
        Instant first = Instant.parse(Consents.grant(subjectId, "marketing-email").statusCode(201).extract().path("recordedAt"));
        Consents.withdraw(subjectId, "marketing-email").statusCode(201);
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        // retention-service counted from the first grant: the new one is a newer contact it had not learned of yet.
        awaitProcessed(lapse(UUID.randomUUID(), first));
        assertEquals(3, consentChangesInOutbox());
        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(true));
    }

    @Test
    void anUnreadableLapseIsADeadLetter() {
        kafka.sendCloudEvent(Events.CONSENT_LAPSED.topic(), subjectId, Events.CONSENT_LAPSED.cloudEventType(),
                "{\"lapseId\":\"" + UUID.randomUUID() + "\",\"subjectId\":\"" + subjectId + "\"}");
        kafka.awaitRecord(Events.deadLetterTopic("consent-service"), r -> subjectId.equals(r.key()), Consents.WAIT);
    }

    private String lapse(UUID lapseId, Instant lastContact) {
        ConsentLapsed lapsed = new ConsentLapsed(lapseId, subjectId, "marketing-email", lastContact, "P3Y",
                "marketing-consent", lastContact.atOffset(ZoneOffset.UTC).plusYears(3).toInstant());
        return kafka.sendCloudEvent(Events.CONSENT_LAPSED.topic(), subjectId, Events.CONSENT_LAPSED.cloudEventType(),
                ErasureEvents.json(lapsed));
    }

    private void awaitProcessed(String eventId) {
        await().atMost(Consents.WAIT).until(() -> count("select count(*) from platform_inbox where event_id = ?", eventId) == 1);
    }

    private long consentChangesInOutbox() {
        return count("select count(*) from platform_outbox where topic = 'consent-changed' and record_key = ?", subjectId);
    }

    private long count(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
