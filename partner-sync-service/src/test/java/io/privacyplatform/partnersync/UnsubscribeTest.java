package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.consent.ConsentChanged;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.contracts.restriction.RestrictionReason;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.PartnerProxies;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.RecordedCall;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Marketing stops at HubSpot when the subject withdraws marketing consent (or objects, which consent-service
 * publishes as a withdrawal) and when processing is restricted: one UNSUBSCRIBE task per HubSpot contact reads the
 * contact's email by id and calls unsubscribe-all with it. The email is never stored or published. A restriction order
 * (with an {@code orderId}) is confirmed by HubSpot once its contacts are unsubscribed; its lift calls nothing.
 */
@QuarkusTest
class UnsubscribeTest extends ErasureTestBase {

    private static final String CONSENT_CHANGED = Events.CONSENT_CHANGED.topic();
    private static final String RESTRICTION_CHANGED = Events.RESTRICTION_CHANGED.topic();

    private void publish(ConsentChanged change) {
        kafka.sendCloudEvent(CONSENT_CHANGED, change.subjectId(), Events.CONSENT_CHANGED.cloudEventType(), ErasureEvents.json(change));
    }

    private void publish(RestrictionChanged change) {
        kafka.sendCloudEvent(RESTRICTION_CHANGED, change.subjectId(), Events.RESTRICTION_CHANGED.cloudEventType(),
                ErasureEvents.json(change));
    }

    private static ConsentChanged consent(String subject, String purpose, boolean granted) {
        return new ConsentChanged(UUID.randomUUID(), subject, purpose, granted, "platform-settings", "1.0", Instant.now());
    }

    private static RestrictionChanged restriction(String subject, boolean restricted, List<String> systems) {
        return new RestrictionChanged(UUID.randomUUID(), subject, restricted, RestrictionReason.ACCURACY_CONTESTED, systems,
                Instant.now());
    }

    /** A restriction order as request-service publishes it: with an orderId, the registry's systems for "restrict". */
    private static RestrictionChanged restrictionOrder(String subject, UUID requestId, boolean restricted) {
        return new RestrictionChanged(requestId, subject, restricted, RestrictionReason.ACCURACY_CONTESTED,
                List.of(Systems.CONSENT, Systems.HUBSPOT, "account-database"), Instant.now(), UUID.randomUUID());
    }

    @Test
    void withdrawingMarketingConsentUnsubscribesEveryHubSpotContactOfTheSubject() {
        String subject = "usr_" + unique();
        String first = uniqueDigits();
        String second = uniqueDigits();
        // Characters that must be percent-encoded in a path: + and '.
        String firstEmail = "o'brien+news." + unique() + "@example.com";
        String secondEmail = "ada." + unique() + "@example.com";
        String gone = uniqueDigits();
        sandbox.seedHubSpotContact(first, firstEmail);
        sandbox.seedHubSpotContact(second, secondEmail);
        register(subject, Systems.HUBSPOT, "contact", first, "crm-marketing");
        register(subject, Systems.HUBSPOT, "contact", second, "crm-marketing");
        register(subject, Systems.HUBSPOT, "contact", gone, "crm-marketing");

        // Neither a grant nor another purpose unsubscribes; same key, so these are handled before the withdrawal.
        publish(consent(subject, "marketing-email", true));
        publish(consent(subject, "product-analytics", false));
        ConsentChanged withdrawal = consent(subject, "marketing-email", false);
        publish(withdrawal);

        PartnerTask firstTask = awaitTask(first, TaskState.DONE);
        PartnerTask secondTask = awaitTask(second, TaskState.DONE);
        PartnerTask goneTask = awaitTask(gone, TaskState.DONE);
        assertEquals(1, tasks(first).size(), "only the withdrawal of marketing-email planned a task");
        assertTrue(sandbox.hubSpotUnsubscribedFromAll(firstEmail));
        assertTrue(sandbox.hubSpotUnsubscribedFromAll(secondEmail));

        for (PartnerTask task : List.of(firstTask, secondTask)) {
            assertEquals(TaskKind.UNSUBSCRIBE, task.kind);
            assertEquals("consent-changed", task.triggerType);
            assertEquals(withdrawal.consentRecordId().toString(), task.triggerId);
            assertEquals("unsubscribed", task.result);
            assertEquals("GET /crm/v3/objects/contacts/{id}?properties=email, then POST "
                    + "/communication-preferences/v4/statuses/{email}/unsubscribe-all?channel=EMAIL (batch COMPLETE)", task.action);
            assertTrue(task.verification.startsWith("GET /communication-preferences/v4/statuses/{email}?channel=EMAIL: ")
                    && task.verification.endsWith("all NOT_SUBSCRIBED"), task.verification);
            assertNoEmailStored(task, firstEmail, secondEmail);
        }
        assertEquals("contact-absent", goneTask.result, "a contact that no longer exists cannot be mailed");

        List<RecordedCall> unsubscribe = sandbox.calls(Partner.HUBSPOT).stream()
                .filter(c -> c.path().endsWith("/unsubscribe-all")).toList();
        RecordedCall firstCall = unsubscribe.stream().filter(c -> c.path().contains("o%27brien%2Bnews.")).findFirst()
                .orElseThrow(() -> new AssertionError("the email is percent-encoded in the path: " + unsubscribe));
        assertEquals("POST", firstCall.method());
        assertEquals("channel=EMAIL", firstCall.query());
        assertTrue(firstCall.path().startsWith("/communication-preferences/v4/statuses/") && firstCall.path().contains("%40example.com"),
                firstCall.path());
        assertEquals(200, firstCall.status());
        RecordedCall read = sandbox.calls(Partner.HUBSPOT).stream()
                .filter(c -> c.method().equals("GET") && c.path().endsWith("/contacts/" + first)).findFirst().orElseThrow();
        assertEquals("properties=email", read.query());
        assertTrue(sandbox.calls(Partner.HUBSPOT).stream().noneMatch(c -> c.path().endsWith("/gdpr-delete") && c.body().contains(first)),
                "an unsubscribe deletes nothing");

        given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).get("/tasks/" + firstTask.id)
                .then().statusCode(200)
                .body("kind", is("UNSUBSCRIBE"))
                .body("state", is("DONE"))
                .body("evidence.result", is("unsubscribed"))
                .body("evidence.verification", containsString("NOT_SUBSCRIBED"));
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.not(containsString("@example.com")));
        assertNothingOnKafkaAbout(List.of(Events.ERASURE_CONFIRMED.topic(), ORDER_CONFIRMED, DEAD_LETTERS),
                firstEmail, secondEmail);
    }

    @Test
    void aConsentThatLapsedAfterTheInactivityPeriodUnsubscribesLikeAnyWithdrawal() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        String email = "lapsed." + unique() + "@example.com";
        sandbox.seedHubSpotContact(contact, email);
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");

        // As consent-service publishes it on consent-lapsed: a withdrawal it recorded itself, reason LAPSED.
        ConsentChanged lapsed = new ConsentChanged(UUID.randomUUID(), subject, "marketing-email", false,
                "inactivity-lapse", "1.0", Instant.now(), ConsentChanged.LAPSED);
        publish(lapsed);

        PartnerTask task = awaitTask(contact, TaskState.DONE);
        assertEquals(TaskKind.UNSUBSCRIBE, task.kind);
        assertEquals("consent-changed", task.triggerType);
        assertEquals(lapsed.consentRecordId().toString(), task.triggerId);
        assertEquals("unsubscribed", task.result);
        assertTrue(sandbox.hubSpotUnsubscribedFromAll(email));
        assertNoEmailStored(task, email);
    }

    @Test
    void aRestrictionNamingHubSpotUnsubscribesItsContacts() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        String email = "grace." + unique() + "@example.com";
        sandbox.seedHubSpotContact(contact, email);
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");

        publish(restriction(subject, false, List.of(Systems.HUBSPOT)));
        publish(restriction(subject, true, List.of(Systems.CONSENT, Systems.RETENTION)));
        RestrictionChanged restricted = restriction(subject, true, List.of(Systems.CONSENT, Systems.HUBSPOT));
        publish(restricted);

        PartnerTask task = awaitTask(contact, TaskState.DONE);
        assertEquals(1, tasks(contact).size(), "lifting a restriction, or one not naming HubSpot, plans nothing");
        assertEquals(TaskKind.UNSUBSCRIBE, task.kind);
        assertEquals("restriction-changed", task.triggerType);
        assertEquals(restricted.requestId().toString(), task.triggerId);
        assertEquals("unsubscribed", task.result);
        assertTrue(sandbox.hubSpotUnsubscribedFromAll(email));
        assertNoEmailStored(task, email);

        // The same restriction published again (another event id) does not plan a second task.
        publish(restricted);
        ConsentChanged later = consent(subject, "marketing-email", false);
        publish(later);
        await().atMost(WAIT).until(() -> tasks(contact).stream().anyMatch(t -> later.consentRecordId().toString().equals(t.triggerId)));
        assertEquals(2, tasks(contact).size(), "one task for the restriction, one for the later withdrawal");

        // Changes without an orderId (older producers) are applied, never confirmed: once a last order of the subject
        // is confirmed (the outbox relays in commit order), no other confirmation of the subject is on Kafka.
        RestrictionChanged lastOrder = restrictionOrder(subject, UUID.randomUUID(), false);
        publish(lastOrder);
        awaitOrderConfirmations(lastOrder.orderId(), 1);
        assertEquals(List.of(lastOrder.orderId()), kafka.readAll(ORDER_CONFIRMED).stream()
                .filter(r -> subject.equals(r.key())).map(r -> orderConfirmed(r).orderId()).toList());
    }

    @Test
    void aRestrictionOrderIsConfirmedByHubSpotOnceItsContactsAreUnsubscribedAndItsLiftCallsNothing() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        String gone = uniqueDigits();
        String email = "ida." + unique() + "@example.com";
        sandbox.seedHubSpotContact(contact, email);
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        register(subject, Systems.HUBSPOT, "contact", gone, "crm-marketing");
        register(subject, Systems.STRIPE, "customer", "cus_restr" + unique(), "billing");

        UUID requestId = UUID.randomUUID();
        RestrictionChanged restricted = restrictionOrder(subject, requestId, true);
        publish(restricted);

        OrderConfirmed confirmed = awaitOrderConfirmations(restricted.orderId(), 1).get(0);
        assertEquals(Systems.HUBSPOT, confirmed.system(), "the only partner the order names");
        assertEquals(OrderKind.RESTRICTION, confirmed.kind());
        assertEquals(OrderOutcome.APPLIED, confirmed.outcome());
        assertEquals(requestId, confirmed.requestId());
        assertTrue(sandbox.hubSpotUnsubscribedFromAll(email));
        Evidence unsubscribed = confirmed.evidence().stream().filter(e -> contact.equals(e.objectId())).findFirst().orElseThrow();
        assertEquals("unsubscribed", unsubscribed.result());
        assertTrue(unsubscribed.verification().endsWith("all NOT_SUBSCRIBED"), unsubscribed.verification());
        assertEquals("contact-absent", confirmed.evidence().stream().filter(e -> gone.equals(e.objectId())).findFirst()
                .orElseThrow().result());
        assertTrue(confirmed.notices().get(0).startsWith("Marketing email from hubspot to the subject is stopped"),
                confirmed.notices().toString());
        assertEquals(restricted.orderId().toString(), task(contact).triggerId);
        long trackingRows = QuarkusTransaction.requiringNew().call(() -> PartnerRestriction.count("orderId", restricted.orderId()));
        assertEquals(1L, trackingRows, "one tracking row: hubspot only");

        // The lift: nothing is re-subscribed without a new consent, and it says so.
        long hubSpotCalls = sandbox.calls(Partner.HUBSPOT).size();
        RestrictionChanged lifted = restrictionOrder(subject, requestId, false);
        publish(lifted);
        OrderConfirmed lift = awaitOrderConfirmations(lifted.orderId(), 1).get(0);
        assertEquals(OrderKind.RESTRICTION_LIFT, lift.kind());
        assertEquals(OrderOutcome.APPLIED, lift.outcome());
        assertEquals("Lifting the restriction re-subscribes nothing at hubspot: marketing email to the subject resumes "
                + "only with a new consent.", lift.notices().get(0));
        assertEquals(java.util.Set.of(contact, gone), lift.evidence().stream().map(Evidence::objectId)
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(lift.evidence().stream().allMatch(e -> e.result().equals("left-as-is")), lift.evidence().toString());
        assertEquals(hubSpotCalls, sandbox.calls(Partner.HUBSPOT).size(), "a lift calls nothing at HubSpot");
        assertEquals(1, tasks(contact).size(), "a lift plans no task");
        assertTrue(sandbox.hubSpotUnsubscribedFromAll(email));

        // A subject HubSpot holds nothing of.
        RestrictionChanged nobody = restrictionOrder("usr_" + unique(), UUID.randomUUID(), true);
        publish(nobody);
        OrderConfirmed nothing = awaitOrderConfirmations(nobody.orderId(), 1).get(0);
        assertEquals(OrderOutcome.NOTHING_HELD, nothing.outcome());
        assertEquals(List.of(), nothing.evidence());
        assertNothingOnKafkaAbout(List.of(Events.ERASURE_CONFIRMED.topic(), ORDER_CONFIRMED, DEAD_LETTERS), email);
    }

    @Test
    void aRestrictionThatCouldNotBeAppliedIsFailedAndConfirmedAgainOnceAnOperatorResolvesIt() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        sandbox.seedHubSpotContact(contact, "kay." + unique() + "@example.com");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        proxies.failNext(Partner.HUBSPOT, contact, 1, PartnerProxies.json(403, "{\"status\":\"error\",\"message\":\"missing "
                + "scope\",\"correlationId\":\"1\",\"category\":\"MISSING_SCOPES\"}"));
        RestrictionChanged restricted = restrictionOrder(subject, UUID.randomUUID(), true);
        publish(restricted);

        OrderConfirmed failed = awaitOrderConfirmations(restricted.orderId(), 1).get(0);
        assertEquals(OrderOutcome.FAILED, failed.outcome());
        assertTrue(failed.notices().get(0).startsWith("1 of 1 objects at hubspot could not be unsubscribed (reason codes: "
                + "unauthorized;"), failed.notices().get(0));
        PartnerTask dead = awaitTask(contact, TaskState.DEAD);

        given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("note", "Unsubscribed in the HubSpot portal, ticket OPS-77")).post("/tasks/" + dead.id + "/resolve")
                .then().statusCode(200).body("state", is("RESOLVED_MANUALLY"));
        OrderConfirmed resolved = awaitOrderConfirmations(restricted.orderId(), 2).get(1);
        assertEquals(OrderOutcome.APPLIED, resolved.outcome());
        assertEquals("resolved-manually", resolved.evidence().get(0).result());
        assertTrue(resolved.evidence().get(0).verification().contains("ticket OPS-77"), resolved.evidence().toString());
        assertTrue(resolved.notices().stream().anyMatch(n -> n.contains("handled manually")), resolved.notices().toString());
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterTopicAndTheNextOneIsHandled() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        sandbox.seedHubSpotContact(contact, "dl." + unique() + "@example.com");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");

        // "granted" missing must never read as a withdrawal.
        kafka.sendCloudEvent(CONSENT_CHANGED, subject, Events.CONSENT_CHANGED.cloudEventType(),
                "{\"consentRecordId\":\"" + UUID.randomUUID() + "\",\"subjectId\":\"" + subject + "\",\"purpose\":\"marketing-email\","
                        + "\"source\":\"platform-settings\",\"policyVersion\":\"1.0\",\"recordedAt\":\"2026-02-01T09:00:00Z\"}");
        publish(consent(subject, "marketing-email", false));

        awaitTask(contact, TaskState.DONE);
        List<ConsumerRecord<String, String>> deadLetters = kafka.awaitRecords(DEAD_LETTERS, r -> subject.equals(r.key()), 1,
                Duration.ofSeconds(30));
        assertEquals(1, deadLetters.size());
        assertTrue(KafkaTestClient.header(deadLetters.get(0), "dead-letter-reason").contains("granted"),
                KafkaTestClient.header(deadLetters.get(0), "dead-letter-reason"));
        assertEquals(1, tasks(contact).size());
    }

    private static void assertNoEmailStored(PartnerTask task, String... emails) {
        String row = QuarkusTransaction.requiringNew().call(() -> (String) PartnerTask.getEntityManager()
                .createNativeQuery("select cast(row_to_json(t) as text) from partner_task t where id = ?1")
                .setParameter(1, task.id).getSingleResult());
        assertTrue(row.contains(task.objectId), "the task row was read: " + row);
        for (String email : emails) {
            assertFalse(row.toLowerCase().contains(email.toLowerCase()), "no email in the task row");
            assertFalse(row.contains("%40"), "no encoded email in the task row");
        }
    }
}
