package io.privacyplatform.retention;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.consent.ConsentChanged;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestFiled;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inventory fed by events: request-filed (request-service) and consent-changed (consent-service). */
@QuarkusTest
class EventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private final String subject = "usr-" + UUID.randomUUID();

    @Test
    void aFiledRequestIsKeptForTheTimeNeededToHandleIt() {
        Instant filed = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        RequestFiled event = new RequestFiled(UUID.randomUUID(), subject, RequestType.ACCESS, RequestChannel.PLATFORM,
                filed, LocalDate.now().plusDays(28));
        kafka.sendCloudEvent(Events.REQUEST_FILED.topic(), subject, Events.REQUEST_FILED.cloudEventType(), ErasureEvents.json(event));

        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject).statusCode(200)
                .body("purposes[0].purpose", equalTo("data-subject-rights"))
                .body("purposes[0].source", equalTo("request-filed"))
                .body("purposes[0].collectedAt", equalTo(filed.toString()))
                .body("purposes[0].rule.code", equalTo("request-handling"))
                .body("purposes[0].expiresAt", equalTo(filed.atOffset(ZoneOffset.UTC).plusMonths(3).toInstant().toString())));
    }

    @Test
    void anErasureFilingIsNotRecordedItsOrderErasesTheSubject() {
        Instant erasureFiled = Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant accessFiled = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        for (Object[] filing : new Object[][]{{RequestType.ERASURE, erasureFiled}, {RequestType.ACCESS, accessFiled}}) {
            RequestFiled event = new RequestFiled(UUID.randomUUID(), subject, (RequestType) filing[0], RequestChannel.PLATFORM,
                    (Instant) filing[1], LocalDate.now().plusDays(28));
            kafka.sendCloudEvent(Events.REQUEST_FILED.topic(), subject, Events.REQUEST_FILED.cloudEventType(), ErasureEvents.json(event));
        }
        // Same subject, same partition, in order: had the erasure filing been recorded, the collection would be its time.
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject)
                .body("purposes[0].purpose", equalTo("data-subject-rights"))
                .body("purposes[0].collectedAt", equalTo(accessFiled.toString())));
    }

    @Test
    void consentGrantsRenewAndWithdrawalsEndTheMarketingPurpose() {
        Instant granted = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        consent("marketing-email", true, granted);
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject)
                .body("purposes[0].purpose", equalTo("marketing-email"))
                .body("purposes[0].source", equalTo("consent-changed"))
                .body("purposes[0].withdrawnAt", nullValue())
                .body("purposes[0].expiresAt", equalTo(granted.atOffset(ZoneOffset.UTC).plusYears(3).toInstant().toString()))
                .body("status", equalTo("RETAINED")));

        Instant withdrawn = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        consent("marketing-email", false, withdrawn);
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject)
                .body("purposes[0].withdrawnAt", equalTo(withdrawn.toString()))
                .body("purposes[0].clockStartsFrom", equalTo("withdrawal"))
                .body("purposes[0].expiresAt", equalTo(withdrawn.toString()))
                .body("status", equalTo("DUE")));
    }

    @Test
    void aConsentPurposeThePolicyDoesNotMapIsSkippedAndPoisonGoesToTheDeadLetterTopic() {
        consent("carrier-pigeons", true, Instant.now());
        String marker = "usr-" + UUID.randomUUID();
        kafka.sendCloudEvent(Events.CONSENT_CHANGED.topic(), subject, Events.CONSENT_CHANGED.cloudEventType(), "{\"granted\":");
        kafka.sendCloudEvent(Events.REQUEST_FILED.topic(), subject, Events.REQUEST_FILED.cloudEventType(),
                ErasureEvents.json(new RequestFiled(UUID.randomUUID(), subject, RequestType.ACCESS, RequestChannel.PLATFORM,
                        Instant.now().plus(2, ChronoUnit.DAYS), LocalDate.now())));
        // The same subject's later consent (same partition) is still processed.
        kafka.sendCloudEvent(Events.CONSENT_CHANGED.topic(), subject, Events.CONSENT_CHANGED.cloudEventType(),
                ErasureEvents.json(new ConsentChanged(UUID.randomUUID(), subject, "marketing-email", true, "platform-settings",
                        "1.0", Instant.now())));

        List<ConsumerRecord<String, String>> dead = kafka.awaitRecords(Events.deadLetterTopic("retention-service"),
                r -> subject.equals(r.key()), 2, WAIT);
        List<String> reasons = dead.stream().map(r -> KafkaTestClient.header(r, "dead-letter-reason")).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.contains("does not bind")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("filedAt lies in the future")), reasons.toString());
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject)
                .body("purposes.purpose", org.hamcrest.Matchers.contains("marketing-email")));
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", marker).get("/inventory").then()
                .body("entries", empty());
    }

    private void consent(String purpose, boolean granted, Instant at) {
        kafka.sendCloudEvent(Events.CONSENT_CHANGED.topic(), subject, Events.CONSENT_CHANGED.cloudEventType(),
                ErasureEvents.json(new ConsentChanged(UUID.randomUUID(), subject, purpose, granted, "platform-settings", "1.0", at)));
    }
}
