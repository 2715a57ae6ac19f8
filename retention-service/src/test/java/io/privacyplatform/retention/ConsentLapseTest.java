package io.privacyplatform.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.consent.ConsentChanged;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.contracts.restriction.RestrictionReason;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Marketing consent lapses after the inactivity period of policy §4, 4th criterion (rule marketing-consent, parameter
 * marketing-inactivity, 3 years): the day before nothing, the day after one {@code consent-lapsed} through the
 * outbox, once per last contact; a withdrawn consent never lapses; a held or restricted subject lapses all the same;
 * the withdrawal consent-service then publishes (reason LAPSED) ends the purpose like any withdrawal.
 */
@QuarkusTest
class ConsentLapseTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void aConsentLapsesTheDayAfterItsThreeYearsOnceAndAgainOnlyAfterANewContact() throws Exception {
        String subject = "usr-" + UUID.randomUUID();
        String held = "usr-" + UUID.randomUUID();
        String withdrawn = "usr-" + UUID.randomUUID();
        String restricted = "usr-" + UUID.randomUUID();
        // Last contact 3 years ago less one day: the period ends tomorrow.
        Instant lastContact = clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).minusYears(3)
                .plusDays(1).toInstant();
        for (String s : new String[]{subject, held, withdrawn, restricted}) {
            Api.register(s, "marketing-email", "collectedAt", lastContact, "lastActivityAt", lastContact).statusCode(201);
        }
        Api.placeHold("{\"subjectId\":\"" + held + "\",\"purposes\":[\"marketing-email\"],\"reason\":\"Claim 2026-7\"}")
                .statusCode(201);
        kafka.sendCloudEvent(Events.RESTRICTION_CHANGED.topic(), restricted, Events.RESTRICTION_CHANGED.cloudEventType(),
                ErasureEvents.json(new RestrictionChanged(UUID.randomUUID(), restricted, true,
                        RestrictionReason.NEEDED_FOR_LEGAL_CLAIM, List.of(Systems.RETENTION), clock.instant())));
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(restricted).body("status", equalTo("RESTRICTED")));
        consent(withdrawn, false, lastContact.plus(1, ChronoUnit.HOURS), null);
        await().atMost(WAIT).untilAsserted(() -> inventory(withdrawn).body("entries[0].withdrawnAt", equalTo(
                lastContact.plus(1, ChronoUnit.HOURS).toString())));

        // The day before the boundary: nothing.
        lapses().statusCode(200).body("trigger", equalTo("ON_DEMAND"));
        assertEquals(0, lapsesInOutbox(subject) + lapsesInOutbox(held) + lapsesInOutbox(withdrawn) + lapsesInOutbox(restricted));

        // The day after: one consent-lapsed each for the subject and the held and restricted ones (a lapse ends a
        // consent, it erases nothing), none for the withdrawn consent.
        clock.advance(Duration.ofDays(2));
        lapses().statusCode(200).body("published", greaterThanOrEqualTo(3))
                .body("byPurpose.marketing-email", greaterThanOrEqualTo(3));
        ConsumerRecord<String, String> record = kafka.awaitRecord(Events.CONSENT_LAPSED.topic(), r -> subject.equals(r.key()), WAIT);
        assertEquals(Events.CONSENT_LAPSED.cloudEventType(), KafkaTestClient.header(record, "ce_type"));
        assertEquals("/retention-service", KafkaTestClient.header(record, "ce_source"));
        JsonNode lapse = json.readTree(record.value());
        assertEquals(subject, lapse.get("subjectId").asText());
        assertEquals("marketing-email", lapse.get("purpose").asText());
        assertEquals(lastContact.toString(), lapse.get("lastContactAt").asText());
        assertEquals("P3Y", lapse.get("inactivity").asText());
        assertEquals("marketing-consent", lapse.get("rule").asText());
        assertEquals(lastContact.atOffset(ZoneOffset.UTC).plusYears(3).toInstant(), Instant.parse(lapse.get("lapsedAt").asText()));
        UUID.fromString(lapse.get("lapseId").asText());
        kafka.awaitRecord(Events.CONSENT_LAPSED.topic(), r -> held.equals(r.key()), WAIT);
        kafka.awaitRecord(Events.CONSENT_LAPSED.topic(), r -> restricted.equals(r.key()), WAIT);
        assertEquals(0, lapsesInOutbox(withdrawn), "a withdrawn consent does not lapse");

        // Another run: nothing new for the same last contact.
        lapses().statusCode(200);
        assertEquals(1, lapsesInOutbox(subject));
        assertEquals(1, lapsesInOutbox(held));
        assertEquals(1, lapsesInOutbox(restricted));

        // consent-service withdraws it (reason LAPSED): retention ends the purpose like any withdrawal.
        Instant withdrawal = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        consent(subject, false, withdrawal, ConsentChanged.LAPSED);
        await().atMost(WAIT).untilAsserted(() -> inventory(subject)
                .body("entries[0].withdrawnAt", equalTo(withdrawal.toString()))
                .body("entries[0].expiresAt", equalTo(withdrawal.toString())));

        // A new grant is a new contact: a new period, lapsing once it ends (and not before).
        Instant regranted = clock.instant().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        consent(subject, true, regranted, null);
        await().atMost(WAIT).untilAsserted(() -> inventory(subject).body("entries[0].lastActivityAt", equalTo(regranted.toString())));
        clock.advance(Duration.ofDays(365L * 3 - 1));
        lapses().statusCode(200);
        assertEquals(1, lapsesInOutbox(subject), "the new period has not ended");
        clock.advance(Duration.ofDays(3));
        lapses().statusCode(200);
        assertEquals(2, lapsesInOutbox(subject));
        ConsumerRecord<String, String> second = kafka.awaitRecord(Events.CONSENT_LAPSED.topic(), r -> subject.equals(r.key())
                && r.value().contains(regranted.toString()), WAIT);
        assertFalse(json.readTree(second.value()).get("lapseId").asText().equals(lapse.get("lapseId").asText()));
    }

    @Test
    void onlyThePrivacyOfficerOrAnOperatorRunsItOnDemand() {
        given().auth().oauth2(TestTokens.inventoryRecorder()).post("/consent-lapses").then().statusCode(403);
        given().post("/consent-lapses").then().statusCode(401);
    }

    private static ValidatableResponse lapses() {
        return given().auth().oauth2(TestTokens.privacyOfficer()).post("/consent-lapses").then();
    }

    private static ValidatableResponse inventory(String subjectId) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subjectId).get("/inventory").then();
    }

    private long lapsesInOutbox(String subjectId) {
        return Db.count(dataSource, "select count(*) from platform_outbox where topic = 'consent-lapsed' and record_key = ?",
                subjectId);
    }

    private static void consent(String subjectId, boolean granted, Instant at, String reason) {
        kafka.sendCloudEvent(Events.CONSENT_CHANGED.topic(), subjectId, Events.CONSENT_CHANGED.cloudEventType(),
                ErasureEvents.json(new ConsentChanged(UUID.randomUUID(), subjectId, "marketing-email", granted,
                        reason == null ? "platform-settings" : "inactivity-lapse", "1.0", at, reason)));
    }
}
