package io.privacyplatform.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.contracts.restriction.RestrictionReason;
import io.privacyplatform.policy.Register;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention per purpose (policy section 4, issue 13 items 1 and 6), through the real database and broker with the
 * movable clock: an expired purpose is erased on its own while the others live, in the systems the registry names for
 * it; holds keep their purposes, a restriction keeps everything; billing kept through an erasure under its exemption
 * is erased at the end of its ten years, where Stripe and the account database kept it.
 */
@QuarkusTest
class PerPurposeExpiryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> CUSTOMER_EXPIRED = List.of("marketing-email", "prospection", "service-provision");
    private static final Exemption STRIPE_BILLING_TEN_YEARS = new Exemption(Systems.STRIPE, "billing-records",
            "French commercial code L123-22", "accounting-ten-years");

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private ErasureEvents erasures;

    @BeforeEach
    void setUp() {
        erasures = new ErasureEvents(kafka, WAIT);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant years(Instant t, int years) {
        return t.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
    }

    /**
     * A customer last contacted at {@code lastContact}: prospection and marketing consent run 3 years from it, the
     * service's use 2 years from a last activity a year later, so the three end together; billing runs 10 years.
     */
    private static void customer(String subject, Instant lastContact) {
        Instant collected = years(lastContact, -1);
        Api.register(subject, "prospection", "collectedAt", collected, "lastActivityAt", lastContact).statusCode(201);
        Api.register(subject, "marketing-email", "collectedAt", collected, "lastActivityAt", lastContact).statusCode(201);
        Api.register(subject, "service-provision", "collectedAt", collected, "lastActivityAt", years(lastContact, 1)).statusCode(201);
        Api.register(subject, "billing", "collectedAt", collected, "lastActivityAt", lastContact).statusCode(201);
    }

    @Test
    void aCustomerWithNoContactForThreeYearsAndOneDayLosesAllButBillingWhichGoesAfterItsTenYears() throws Exception {
        String subject = "customer-" + UUID.randomUUID();
        // The day before: the last contact was 3 years ago less a day.
        Instant lastContact = years(now(), -3).plus(1, ChronoUnit.DAYS);
        customer(subject, lastContact);
        Api.sweep(false).statusCode(200);
        assertEquals(0, Db.ordersInOutbox(dataSource, subject), "the day before: nothing");
        Api.clocks(subject).body("status", equalTo("RETAINED"));

        // The day after: 3 years and 1 day.
        clock.advance(Duration.ofDays(2));
        Api.clocks(subject).body("status", equalTo("PARTIALLY_DUE"));
        Api.sweep(false).statusCode(200).body("scopedOrders", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        ErasureOrdered first = awaitOrder(subject, List.of("billing"));
        assertEquals(new ErasureScope(CUSTOMER_EXPIRED, List.of("billing")), first.scope());
        assertEquals(List.of("consent", "retention", "hubspot", "openai", "account-database"), first.expectedSystems());
        assertEquals(Register.load().planErasure(CUSTOMER_EXPIRED, List.of("billing")).systems(), first.expectedSystems());
        assertEquals("RETENTION_EXPIRED", first.reason().name());
        assertNull(first.requestId());
        assertTrue(first.exemptions().isEmpty());

        // Retention executes its part: the expired purposes go, billing stays with its rule and expiry.
        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(first, Systems.RETENTION));
        assertEquals("PARTIALLY_ERASED", confirmed.outcome().name());
        assertEquals("3 rows", confirmed.evidence().get(0).objectId());
        Instant billingEnd = years(lastContact, 10);
        assertEquals(1, confirmed.retained().size());
        Exemption billing = confirmed.retained().get(0);
        assertEquals(Systems.RETENTION, billing.system());
        assertEquals("inventory:billing", billing.dataCategory());
        assertEquals("accounting-ten-years", billing.rule());
        assertTrue(billing.legalBasis().contains("L123-22") && billing.legalBasis().contains(billingEnd.toString()),
                billing.legalBasis());
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject)
                .body("status", equalTo("PARTIALLY_ERASED"))
                .body("purposes.purpose", contains("billing"))
                .body("purposes[0].expiresAt", equalTo(billingEnd.toString()))
                .body("erased.purpose", contains(CUSTOMER_EXPIRED.toArray()))
                .body("erased.orderId", everyItem(equalTo(first.orderId().toString())))
                .body("orders[0].state", equalTo("EXECUTED"))
                .body("orders[0].purposes", contains(CUSTOMER_EXPIRED.toArray()))
                .body("orders[0].keptPurposes", contains("billing"))
                .body("orders[0].expectedSystems", contains(first.expectedSystems().toArray())));

        // The day before the end of billing's ten years: nothing more.
        clock.advance(Duration.between(clock.instant(), billingEnd).minus(Duration.ofDays(1)));
        Api.sweep(false).statusCode(200);
        assertEquals(1, Db.ordersInOutbox(dataSource, subject));

        // The day after: billing's scoped erasure, to retention, Stripe and the account database.
        clock.advance(Duration.ofDays(2));
        Api.sweep(false).statusCode(200);
        ErasureOrdered last = awaitOrder(subject, List.of());
        assertEquals(new ErasureScope(List.of("billing"), List.of()), last.scope());
        assertEquals(List.of("retention", "stripe", "account-database"), last.expectedSystems());
        assertEquals(2, Db.ordersInOutbox(dataSource, subject));
        assertEquals("ERASED", ErasureEvents.confirmed(erasures.awaitConfirmation(last, Systems.RETENTION)).outcome().name());
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject).body("status", equalTo("NOTHING_HELD")));
        assertEquals(0, Db.count(dataSource, "select count(*) from retention_order where subject_id = ?", subject),
                "nothing of the subject stays");
    }

    @Test
    void aHoldOnSomePurposesKeepsThemAndTheRestIsErasedAHoldOnAllKeepsEverything() throws Exception {
        String partlyHeld = "customer-" + UUID.randomUUID();
        String allHeld = "customer-" + UUID.randomUUID();
        Instant lastContact = years(now(), -3).minus(1, ChronoUnit.DAYS);
        customer(partlyHeld, lastContact);
        customer(allHeld, lastContact);
        Api.placeHold("{\"subjectId\":\"" + partlyHeld + "\",\"purposes\":[\"prospection\"],\"reason\":\"Dispute\"}").statusCode(201);
        Api.placeHold("{\"subjectId\":\"" + allHeld + "\",\"allPurposes\":true,\"reason\":\"Litigation\"}").statusCode(201);

        Api.sweep(false).statusCode(200);
        ErasureOrdered order = awaitOrder(partlyHeld, List.of("billing", "prospection"));
        List<String> expired = List.of("marketing-email", "service-provision");
        assertEquals(new ErasureScope(expired, List.of("billing", "prospection")), order.scope());
        // HubSpot holds prospection, which is held: left alone; the account database erases its marketing preferences.
        assertEquals(List.of("consent", "retention", "openai", "account-database"), order.expectedSystems());
        assertEquals(Register.load().planErasure(expired, List.of("billing", "prospection")).systems(), order.expectedSystems());
        assertEquals(0, Db.ordersInOutbox(dataSource, allHeld), "a hold on all purposes keeps the subject");
        Api.clocks(allHeld).body("status", equalTo("RETAINED")).body("purposes.held", everyItem(equalTo(true)));

        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(order, Systems.RETENTION));
        assertEquals("PARTIALLY_ERASED", confirmed.outcome().name());
        assertTrue(confirmed.retained().stream().anyMatch(e -> e.dataCategory().equals("inventory:prospection")),
                confirmed.retained().toString());
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(partlyHeld)
                .body("purposes.purpose", contains("billing", "prospection"))
                .body("purposes.find { it.purpose == 'prospection' }.held", equalTo(true))
                .body("erased.purpose", containsInAnyOrder(expired.toArray()))
                .body("status", equalTo("PARTIALLY_ERASED")));
        Api.sweep(false).statusCode(200);
        assertEquals(1, Db.ordersInOutbox(dataSource, partlyHeld), "the held purpose is not ordered");
    }

    @Test
    void aRestrictedCustomerGetsNoOrder() {
        String subject = "customer-" + UUID.randomUUID();
        customer(subject, years(now(), -3).minus(1, ChronoUnit.DAYS));
        RestrictionChanged restrict = new RestrictionChanged(UUID.randomUUID(), subject, true,
                RestrictionReason.NEEDED_FOR_LEGAL_CLAIM, Register.load().expectedSystems("restrict"), now(), null);
        kafka.sendCloudEvent(Events.RESTRICTION_CHANGED.topic(), subject, Events.RESTRICTION_CHANGED.cloudEventType(),
                ErasureEvents.json(restrict));
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject).body("status", equalTo("RESTRICTED")));
        Api.sweep(false).statusCode(200);
        assertEquals(0, Db.ordersInOutbox(dataSource, subject));
        Api.sweep(true).statusCode(200).body("due.subjectId", not(hasItem(subject)));
    }

    @Test
    void aWholeErasureKeepsTheBillingItsExemptionNamesUntilItsTenYearsEndThenOrdersItsScopedErasure() throws Exception {
        // A subject with billing (its own clock) and one without: the entry is created at the order's time.
        String withBilling = "customer-" + UUID.randomUUID();
        String withoutBilling = "customer-" + UUID.randomUUID();
        Instant lastInvoice = years(now(), -2);
        Api.register(withBilling, "billing", "collectedAt", years(now(), -4), "lastActivityAt", lastInvoice).statusCode(201);
        Api.register(withBilling, "prospection", "collectedAt", years(now(), -4), "lastActivityAt", now()).statusCode(201);
        Api.register(withoutBilling, "prospection", "collectedAt", years(now(), -4), "lastActivityAt", now()).statusCode(201);

        Instant orderedAt = now();
        ErasureOrdered order = new ErasureOrdered(UUID.randomUUID(), UUID.randomUUID(), withBilling,
                io.privacyplatform.contracts.erasure.ErasureReason.DATA_SUBJECT_REQUEST, ErasureEvents.everySystem(),
                List.of(STRIPE_BILLING_TEN_YEARS), orderedAt);
        ErasureOrdered other = new ErasureOrdered(UUID.randomUUID(), UUID.randomUUID(), withoutBilling,
                order.reason(), order.expectedSystems(), order.exemptions(), orderedAt);
        erasures.publish(order);
        erasures.publish(other);

        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(order, Systems.RETENTION));
        assertEquals("PARTIALLY_ERASED", confirmed.outcome().name());
        Exemption kept = confirmed.retained().stream().filter(e -> e.dataCategory().equals("inventory:billing")).findFirst().orElseThrow();
        assertEquals("accounting-ten-years", kept.rule());
        assertTrue(kept.legalBasis().contains("stripe keep billing-records"), kept.legalBasis());
        Api.clocks(withBilling)
                .body("status", equalTo("PARTIALLY_ERASED"))
                .body("purposes.purpose", contains("billing"))
                .body("purposes[0].expiresAt", equalTo(years(lastInvoice, 10).toString()))
                .body("purposes[0].keptUnderExemption.orderId", equalTo(order.orderId().toString()))
                .body("purposes[0].keptUnderExemption.systems", contains("stripe"))
                .body("purposes[0].keptUnderExemption.dataCategories", contains("billing-records"));

        assertEquals("PARTIALLY_ERASED",
                ErasureEvents.confirmed(erasures.awaitConfirmation(other, Systems.RETENTION)).outcome().name());
        Instant createdEnd = years(orderedAt, 10);
        Api.clocks(withoutBilling)
                .body("purposes.purpose", contains("billing"))
                .body("purposes[0].source", equalTo("erasure-exemption"))
                .body("purposes[0].collectedAt", equalTo(orderedAt.toString()))
                .body("purposes[0].expiresAt", equalTo(createdEnd.toString()));

        // Ten years after the order, less a day: nothing; the day after: billing's scoped erasure, where it was kept.
        clock.advance(Duration.between(clock.instant(), createdEnd).minus(Duration.ofDays(1)));
        Api.sweep(false).statusCode(200);
        assertEquals(1, Db.ordersInOutbox(dataSource, withBilling), "its own billing ended 2 years earlier");
        assertEquals(0, Db.ordersInOutbox(dataSource, withoutBilling));
        clock.advance(Duration.ofDays(2));
        Api.sweep(false).statusCode(200);
        for (String subject : List.of(withBilling, withoutBilling)) {
            ErasureOrdered billing = awaitOrder(subject, List.of());
            assertEquals(new ErasureScope(List.of("billing"), List.of()), billing.scope());
            assertEquals(List.of("retention", "stripe", "account-database"), billing.expectedSystems());
            await().atMost(WAIT).untilAsserted(() -> Api.clocks(subject).body("status", equalTo("NOTHING_HELD")));
        }
    }

    /** The sweep's order for the subject whose scope keeps exactly {@code kept}. */
    private ErasureOrdered awaitOrder(String subject, List<String> kept) {
        ConsumerRecord<String, String> record = kafka.awaitRecord(Events.ERASURE_ORDERED.topic(), r -> {
            if (!subject.equals(r.key())) {
                return false;
            }
            ErasureOrdered order = order(r);
            return order.scope() != null && order.scope().keptPurposes().equals(kept);
        }, WAIT);
        return order(record);
    }

    private static ErasureOrdered order(ConsumerRecord<String, String> record) {
        try {
            return JSON.readValue(record.value(), ErasureOrdered.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
