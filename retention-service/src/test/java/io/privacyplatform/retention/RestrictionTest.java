package io.privacyplatform.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.contracts.restriction.RestrictionReason;
import io.privacyplatform.policy.Register;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
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

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Restriction of processing (GDPR Art. 18) through the real database and broker: a restricted subject past its expiry
 * is not swept, the clocks say why, the lifting orders the erasure at once, and retention confirms the orders that
 * expect it.
 */
@QuarkusTest
class RestrictionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    private final String subject = "restricted-" + UUID.randomUUID();

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void aRestrictedSubjectIsNotSweptTheDayAfterItsExpiryAndTheLiftOrdersItsErasureAtOnce() throws Exception {
        // Prospection: 3 years after the last contact, which ends in an hour.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant lastContact = now.atOffset(ZoneOffset.UTC).minusYears(3).plusHours(1).toInstant();
        Api.register(subject, "prospection", "collectedAt", lastContact.minus(Duration.ofDays(30)), "lastActivityAt", lastContact)
                .statusCode(201);
        UUID requestId = UUID.randomUUID();
        RestrictionChanged restrict = change(requestId, true, UUID.randomUUID(), now);

        send(restrict);
        OrderConfirmed restriction = awaitConfirmation(restrict.orderId());
        assertEquals(OrderKind.RESTRICTION, restriction.kind());
        assertEquals(OrderOutcome.APPLIED, restriction.outcome());
        assertEquals(requestId, restriction.requestId());
        assertEquals(List.of("subject_restriction|1 rows|record restriction|restricted|expiry suspended for 1 inventory entries until the restriction is lifted"),
                restriction.evidence().stream().map(e -> e.objectType() + "|" + e.objectId() + "|" + e.action() + "|"
                        + e.result() + "|" + e.verification()).toList());

        // The day after the boundary: expired, yet kept.
        clock.advance(Duration.ofDays(1));
        Api.clocks(subject).statusCode(200)
                .body("status", equalTo("RESTRICTED"))
                .body("restriction.since", equalTo(now.toString()))
                .body("restriction.requestId", equalTo(requestId.toString()))
                .body("restriction.orderId", equalTo(restrict.orderId().toString()))
                .body("restriction.expirySuspended", equalTo(true))
                .body("purposes[0].expired", equalTo(true));
        Api.sweep(true).statusCode(200).body("due.find { it.subjectId == '" + subject + "' }", nullValue());
        Api.sweep(false).statusCode(200);
        assertEquals(0, Db.ordersInOutbox(dataSource, subject), "restricted: not ordered");
        assertEquals(0, Db.count(dataSource, "select count(*) from retention_order where subject_id = ?", subject));

        Instant liftedAt = clock.instant();
        RestrictionChanged lift = change(requestId, false, UUID.randomUUID(), liftedAt);
        send(lift);
        OrderConfirmed lifted = awaitConfirmation(lift.orderId());
        assertEquals(OrderKind.RESTRICTION_LIFT, lifted.kind());
        assertEquals(OrderOutcome.APPLIED, lifted.outcome());
        assertEquals("lifted", lifted.evidence().get(0).result());
        assertEquals("re-evaluated 1 inventory entries: 1 erasure orders placed", lifted.evidence().get(0).verification());

        // No sweep is run: the lifting itself ordered the erasure, recorded as a sweep of its own.
        ConsumerRecord<String, String> ordered = kafka.awaitRecord(Events.ERASURE_ORDERED.topic(), r -> subject.equals(r.key()), WAIT);
        assertEquals("RETENTION_EXPIRED", JSON.readTree(ordered.value()).get("reason").asText());
        assertEquals(1, Db.ordersInOutbox(dataSource, subject));
        // (The order row itself goes as soon as the service executes its own order.)
        assertEquals(1, Db.count(dataSource, "select count(*) from retention_sweep where trigger = 'RESTRICTION_LIFTED'"
                + " and subjects_ordered = 1 and started_at >= ?", liftedAt.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)));
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject).body("status", equalTo("NOTHING_HELD"))
                .body("restriction", nullValue()));
    }

    @Test
    void aRestrictionWithoutAnOrderIdIsRecordedButNotConfirmedAndALiftBeforeTheExpiryOrdersNothing() throws Exception {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant lastContact = now.atOffset(ZoneOffset.UTC).minusYears(2).toInstant();
        Api.register(subject, "prospection", "collectedAt", lastContact, "lastActivityAt", lastContact).statusCode(201);
        UUID requestId = UUID.randomUUID();

        send(change(requestId, true, null, now));
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject).body("status", equalTo("RESTRICTED"))
                .body("restriction.requestId", equalTo(requestId.toString()))
                .body("restriction.orderId", nullValue()));

        RestrictionChanged lift = change(requestId, false, UUID.randomUUID(), now);
        send(lift);
        OrderConfirmed lifted = awaitConfirmation(lift.orderId());
        assertEquals("re-evaluated 1 inventory entries: 0 erasure orders placed", lifted.evidence().get(0).verification());
        Api.clocks(subject).body("status", equalTo("RETAINED")).body("restriction", nullValue());
        assertEquals(0, Db.ordersInOutbox(dataSource, subject), "two years after the last contact: kept");
        assertEquals(1, kafka.readAll(Events.ORDER_CONFIRMED.topic()).stream()
                .filter(r -> subject.equals(r.key())).count(), "only the lifting with an order id is confirmed");
    }

    @Test
    void aChangeThatDoesNotExpectRetentionIsRecordedButNotConfirmed() throws Exception {
        UUID requestId = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Api.register(subject, "prospection", "collectedAt", now, "lastActivityAt", now).statusCode(201);
        RestrictionChanged restrict = new RestrictionChanged(requestId, subject, true, RestrictionReason.ACCURACY_CONTESTED,
                List.of("consent", "hubspot"), now, UUID.randomUUID());

        send(restrict);
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject).body("status", equalTo("RESTRICTED")));
        // A later change that does expect retention is confirmed, and only that one.
        RestrictionChanged lift = change(requestId, false, UUID.randomUUID(), now);
        send(lift);
        assertEquals(OrderKind.RESTRICTION_LIFT, awaitConfirmation(lift.orderId()).kind());
        assertEquals(1, kafka.readAll(Events.ORDER_CONFIRMED.topic()).stream().filter(r -> subject.equals(r.key())).count(),
                "retention was not asked to confirm the restriction");
    }

    private RestrictionChanged change(UUID requestId, boolean restricted, UUID orderId, Instant at) {
        return new RestrictionChanged(requestId, subject, restricted, RestrictionReason.NEEDED_FOR_LEGAL_CLAIM,
                Register.load().expectedSystems("restrict"), at, orderId);
    }

    private void send(RestrictionChanged change) {
        kafka.sendCloudEvent(Events.RESTRICTION_CHANGED.topic(), change.subjectId(), Events.RESTRICTION_CHANGED.cloudEventType(),
                ErasureEvents.json(change));
    }

    private OrderConfirmed awaitConfirmation(UUID orderId) throws Exception {
        ConsumerRecord<String, String> record = kafka.awaitRecord(Events.ORDER_CONFIRMED.topic(), r -> r.value() != null
                && r.value().contains(orderId.toString()) && r.value().contains("\"system\":\"" + Systems.RETENTION + "\""), WAIT);
        return JSON.readValue(record.value(), OrderConfirmed.class);
    }
}
