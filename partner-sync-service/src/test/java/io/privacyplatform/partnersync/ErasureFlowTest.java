package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.PartnerSandboxResource;
import io.privacyplatform.partnersync.support.PartnerProxies;
import io.privacyplatform.sandbox.Failure;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.RecordedCall;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ErasureFlowTest extends ErasureTestBase {

    @ConfigProperty(name = "partners.stripe.api-version")
    String stripeVersion;

    @Test
    void erasesTheSubjectAtEveryPartnerAndConfirmsOncePerPartner() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String contact = uniqueDigits();
        String response = "resp_" + unique();
        String conversation = "conv_" + unique();
        String firstItem = "msg_" + unique();
        String secondItem = "msg_" + unique();
        sandbox.seedStripeCustomer(customer, "ada@example.com", "Ada Lovelace");
        sandbox.seedHubSpotContact(contact, "ada@example.com");
        sandbox.seedOpenAiObject("response", response);
        sandbox.seedOpenAiConversation(conversation, List.of(firstItem, secondItem));
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        register(subject, Systems.OPENAI, "response", response, "ai-assistant");
        register(subject, Systems.OPENAI, "conversation", conversation, "ai-assistant");

        Exemption billing = new Exemption(Systems.STRIPE, "billing-records",
                "French commercial code L123-22: accounting records kept 10 years");
        ErasureOrdered order = ErasureEvents.order(subject, ERASURE_SYSTEMS, List.of(billing));
        erasures.publish(order);

        List<ConsumerRecord<String, String>> records = awaitConfirmationRecords(order.orderId(), 3);
        List<ErasureConfirmed> confirmations = records.stream().map(ErasureEvents::confirmed).toList();
        assertEquals(Set.of(Systems.STRIPE, Systems.HUBSPOT, Systems.OPENAI),
                confirmations.stream().map(ErasureConfirmed::system).collect(Collectors.toSet()));
        for (ConsumerRecord<String, String> record : records) {
            assertEquals(subject, record.key());
            assertEquals(Events.ERASURE_CONFIRMED.cloudEventType(), KafkaTestClient.header(record, "ce_type"));
            assertFalse(record.value().contains("ada@example.com") || record.value().contains("Lovelace"),
                    "no personal data in the event");
        }
        assertEquals(3, records.stream().map(r -> KafkaTestClient.header(r, "ce_id")).distinct().count());

        ErasureConfirmed stripe = of(confirmations, Systems.STRIPE);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, stripe.outcome());
        assertEquals(order.requestId(), stripe.requestId());
        assertEquals(subject, stripe.subjectId());
        assertEquals(List.of(new Evidence("customer", customer, "DELETE /v1/customers/{id}", "deleted",
                "GET /v1/customers/{id} returned deleted=true")), stripe.evidence());
        assertEquals(List.of(new Exemption(billing.system(), billing.dataCategory(), billing.legalBasis(),
                "accounting-ten-years")), stripe.retained(),
                "the order's exemption is echoed for the billing records, with the rule that ends it");
        assertEquals(List.of(), stripe.notices());

        ErasureConfirmed hubspot = of(confirmations, Systems.HUBSPOT);
        assertEquals(ErasureOutcome.ERASED, hubspot.outcome());
        assertEquals(List.of(new Evidence("contact", contact, "POST /crm/v3/objects/contacts/gdpr-delete", "deleted",
                "GET /crm/v3/objects/contacts/{id} returned 404")), hubspot.evidence());
        assertEquals(List.of(), hubspot.retained());

        ErasureConfirmed openai = of(confirmations, Systems.OPENAI);
        assertEquals(ErasureOutcome.ERASED, openai.outcome());
        assertEquals(2, openai.evidence().size());
        Evidence conversationEvidence = openai.evidence().stream().filter(e -> e.objectId().equals(conversation))
                .findFirst().orElseThrow();
        assertEquals("deleted", conversationEvidence.result());
        assertEquals("DELETE /v1/conversations/{id}/items/{item_id} (2 items), then DELETE /v1/conversations/{id}",
                conversationEvidence.action());
        assertEquals("GET /v1/conversations/{id} returned 404", conversationEvidence.verification());
        assertTrue(openai.evidence().stream().anyMatch(e -> e.objectId().equals(response) && e.result().equals("deleted")));
        assertEquals(1, openai.notices().size());
        assertTrue(openai.notices().get(0).contains("abuse-monitoring logs") && openai.notices().get(0).contains("30 days"),
                openai.notices().get(0));

        // Stripe: exactly the delete and the read-back, with the secret key and the pinned API version.
        List<RecordedCall> stripeCalls = callsAbout(Partner.STRIPE, customer);
        assertEquals(List.of("DELETE /v1/customers/" + customer, "GET /v1/customers/" + customer), describe(stripeCalls));
        for (RecordedCall call : stripeCalls) {
            assertEquals("Bearer " + PartnerSandboxResource.STRIPE_KEY, call.header("Authorization"));
            assertEquals(stripeVersion, call.header("Stripe-Version"));
        }

        // HubSpot: the GDPR delete (never the archiving DELETE), then the read-back.
        List<RecordedCall> hubspotCalls = callsAbout(Partner.HUBSPOT, contact);
        assertEquals(List.of("POST /crm/v3/objects/contacts/gdpr-delete", "GET /crm/v3/objects/contacts/" + contact),
                describe(hubspotCalls));
        assertTrue(hubspotCalls.get(0).body().replace(" ", "").contains("\"objectId\":\"" + contact + "\""));
        assertEquals(204, hubspotCalls.get(0).status());
        assertTrue(sandbox.calls(Partner.HUBSPOT).stream().noneMatch(c -> c.method().equals("DELETE")));
        assertEquals("Bearer " + PartnerSandboxResource.HUBSPOT_KEY, hubspotCalls.get(0).header("Authorization"));

        // OpenAI: the conversation's items are deleted before the conversation itself.
        List<String> conversationCalls = describe(callsAbout(Partner.OPENAI, conversation));
        int deleteConversation = conversationCalls.indexOf("DELETE /v1/conversations/" + conversation);
        int deleteFirst = conversationCalls.indexOf("DELETE /v1/conversations/" + conversation + "/items/" + firstItem);
        int deleteSecond = conversationCalls.indexOf("DELETE /v1/conversations/" + conversation + "/items/" + secondItem);
        assertTrue(deleteFirst >= 0 && deleteSecond >= 0 && deleteConversation > deleteFirst && deleteConversation > deleteSecond,
                "items before the conversation: " + conversationCalls);
        assertEquals("GET /v1/conversations/" + conversation, conversationCalls.get(conversationCalls.size() - 1));
        assertEquals(List.of("DELETE /v1/responses/" + response, "GET /v1/responses/" + response),
                describe(callsAbout(Partner.OPENAI, response)));
        assertEquals(List.of(), sandbox.openAiConversationItemIds(conversation));
        assertFalse(sandbox.openAiExists("response", response));

        // The ledger shows the objects as erased by this order.
        given().auth().oauth2(TestTokens.privacyOfficer())
                .queryParam("subjectId", subject)
                .get("/processor-records")
                .then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.is(4))
                .body("erasedAt", everyItem(notNullValue()))
                .body("erasedByOrder", everyItem(org.hamcrest.Matchers.is(order.orderId().toString())));
    }

    @Test
    void aRedeliveredEventDoesNotEraseTwice() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        sandbox.seedStripeCustomer(customer, "grace@example.com", "Grace Hopper");
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.STRIPE), List.of());
        String eventId = UUID.randomUUID().toString();

        erasures.publish(order, eventId);
        awaitConfirmations(order.orderId(), 1);
        List<String> callsAfterFirst = describe(callsAbout(Partner.STRIPE, customer));
        assertEquals(2, callsAfterFirst.size());

        RecordMetadata duplicate = erasures.publish(order, eventId);
        // The consumer group commits an offset only past records it has processed.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> kafka.committedOffset("partner-sync-service", ERASURE_ORDERED, duplicate.partition()) > duplicate.offset());

        assertEquals(callsAfterFirst, describe(callsAbout(Partner.STRIPE, customer)), "no second round of calls");
        assertEquals(1, confirmationRecords(order.orderId()).size(), "no second confirmation");
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> PartnerErasure.count("orderId", order.orderId())));
    }

    @Test
    void hubSpotRateLimitAndOutageAreRetriedUntilErased() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        sandbox.seedHubSpotContact(contact, "alan@example.com");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        sandbox.failNext(Partner.HUBSPOT, 1, Failure.RATE_LIMITED);
        sandbox.failNext(Partner.HUBSPOT, 1, Failure.SERVICE_UNAVAILABLE);

        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.CONSENT, Systems.HUBSPOT), List.of());
        erasures.publish(order);

        ErasureConfirmed hubspot = of(awaitConfirmations(order.orderId(), 1), Systems.HUBSPOT);
        assertEquals(ErasureOutcome.ERASED, hubspot.outcome());
        assertEquals("deleted", hubspot.evidence().get(0).result());

        List<RecordedCall> calls = callsAbout(Partner.HUBSPOT, contact);
        assertEquals(List.of(429, 503, 204, 404), calls.stream().map(RecordedCall::status).toList(),
                "two failed gdpr-deletes, then the delete and its read-back: " + describe(calls));
        assertTrue(calls.stream().limit(3).allMatch(c -> c.path().endsWith("/gdpr-delete")));

        PartnerTask task = QuarkusTransaction.requiringNew().call(() -> PartnerTask.<PartnerTask>find("objectId", contact).singleResult());
        assertEquals(TaskState.DONE, task.state);
        assertEquals(3, task.attempts);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("partner_call_failures_total{partner=\"hubspot\",status_class=\"4xx\"}"))
                .body(containsString("partner_call_failures_total{partner=\"hubspot\",status_class=\"5xx\"}"))
                .body(containsString("partner_tasks{kind=\"ERASE\",partner=\"hubspot\",state=\"DONE\"}"))
                .body(containsString("partner_task_retries_total{kind=\"ERASE\",partner=\"hubspot\"}"));
    }

    @Test
    void openAiInsufficientQuotaFailsAtOnceWithoutPersonalData() {
        String subject = "usr_" + unique();
        String file = "file-" + unique();
        sandbox.seedOpenAiObject("file", file);
        register(subject, Systems.OPENAI, "file", file, "ai-assistant");
        sandbox.failNext(Partner.OPENAI, 1, Failure.INSUFFICIENT_QUOTA);

        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.OPENAI), List.of());
        erasures.publish(order);

        ErasureConfirmed openai = of(awaitConfirmations(order.orderId(), 1), Systems.OPENAI);
        assertEquals(ErasureOutcome.FAILED, openai.outcome());
        Evidence evidence = openai.evidence().get(0);
        assertEquals("failed", evidence.result());
        assertEquals("DELETE /v1/files/{id}", evidence.action());
        assertTrue(evidence.verification().contains("1 attempt;") && evidence.verification().contains("insufficient_quota"),
                evidence.verification());
        assertTrue(openai.notices().stream().anyMatch(n -> n.contains("privacy officer must follow up")));
        assertTrue(openai.notices().stream().anyMatch(n -> n.contains("abuse-monitoring logs")));
        assertEquals(1, callsAbout(Partner.OPENAI, file).size(), "not retried");
        assertTrue(sandbox.openAiExists("file", file));
    }

    @Test
    void partnersNotExpectedAreSkippedAndPartnersHoldingNothingConfirmNothingHeld() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String contact = uniqueDigits();
        sandbox.seedStripeCustomer(customer, "edsger@example.com", "Edsger");
        sandbox.seedHubSpotContact(contact, "edsger@example.com");
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");

        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.RETENTION, Systems.STRIPE, Systems.OPENAI), List.of());
        erasures.publish(order);

        List<ErasureConfirmed> confirmations = awaitConfirmations(order.orderId(), 2);
        ErasureConfirmed stripe = of(confirmations, Systems.STRIPE);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, stripe.outcome());
        assertEquals(List.of("billing-records"), stripe.retained().stream().map(Exemption::dataCategory).toList());
        assertTrue(stripe.retained().get(0).legalBasis().contains("L123-22"));

        ErasureConfirmed openai = of(confirmations, Systems.OPENAI);
        assertEquals(ErasureOutcome.NOTHING_HELD, openai.outcome());
        assertEquals(List.of(), openai.evidence());
        assertEquals(List.of(), openai.notices());

        assertEquals(List.of(), callsAbout(Partner.HUBSPOT, contact), "hubspot was not expected by the order");
        assertFalse(QuarkusTransaction.requiringNew().call(() ->
                PartnerErasure.findForOrder(order.orderId(), Systems.HUBSPOT).isPresent()));
    }

    @Test
    void aSubjectWithoutProcessorRecordsIsNothingHeldAtEveryPartner() {
        String subject = "usr_" + unique();
        ErasureOrdered order = ErasureEvents.order(subject, ERASURE_SYSTEMS, List.of(ErasureEvents.STRIPE_BILLING_RECORDS));
        erasures.publish(order);

        List<ErasureConfirmed> confirmations = awaitConfirmations(order.orderId(), 3);
        for (String partner : PARTNERS) {
            ErasureConfirmed confirmed = of(confirmations, partner);
            assertEquals(ErasureOutcome.NOTHING_HELD, confirmed.outcome(), partner);
            assertEquals(List.of(), confirmed.evidence(), partner);
            assertEquals(List.of(), confirmed.retained(), partner + ": nothing deleted, nothing retained");
            assertEquals(List.of(), confirmed.notices(), partner);
        }
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> PartnerTask.count("subjectId", subject)));
    }

    @Test
    void connectionResetsAndRateLimitsAreRetried() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String completion = "chatcmpl-" + unique();
        sandbox.seedStripeCustomer(customer, "barbara@example.com", "Barbara Liskov");
        sandbox.seedOpenAiChatCompletion(completion, subject);
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.OPENAI, "chat_completion", completion, "ai-assistant");
        proxies.failNext(Partner.STRIPE, customer, 1, PartnerProxies.connectionReset());
        sandbox.failNext(Partner.OPENAI, 1, Failure.RATE_LIMITED);

        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.STRIPE, Systems.OPENAI), List.of());
        erasures.publish(order);

        List<ErasureConfirmed> confirmations = awaitConfirmations(order.orderId(), 2);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, of(confirmations, Systems.STRIPE).outcome());
        assertEquals(ErasureOutcome.ERASED, of(confirmations, Systems.OPENAI).outcome());
        assertEquals(0, proxies.pendingFaults(Partner.STRIPE, customer), "the connection was reset once");
        assertEquals(List.of(200, 200), callsAbout(Partner.STRIPE, customer).stream().map(RecordedCall::status).toList());
        assertEquals(2, task(customer).attempts, "the reset attempt counted");
        assertEquals(List.of(429, 200, 404), callsAbout(Partner.OPENAI, completion).stream().map(RecordedCall::status).toList());
        assertFalse(sandbox.openAiExists("chat_completion", completion));
    }

    @Test
    void givesUpAfterTheLastAttemptAndReportsFailed() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        sandbox.seedHubSpotContact(contact, "donald@example.com");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        int maxAttempts = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("partner-sync.retry.max-attempts", Integer.class);
        sandbox.failNext(Partner.HUBSPOT, maxAttempts, Failure.SERVER_ERROR);

        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.HUBSPOT), List.of());
        erasures.publish(order);

        ErasureConfirmed hubspot = of(awaitConfirmations(order.orderId(), 1), Systems.HUBSPOT);
        assertEquals(ErasureOutcome.FAILED, hubspot.outcome());
        Evidence evidence = hubspot.evidence().get(0);
        assertEquals("failed", evidence.result());
        assertTrue(evidence.verification().contains("after " + maxAttempts + " attempts") && evidence.verification().contains("HTTP 500"),
                evidence.verification());
        assertFalse(evidence.verification().contains("donald"), "no personal data in the reason");
        assertEquals(maxAttempts, callsAbout(Partner.HUBSPOT, contact).size());
        assertTrue(sandbox.calls(Partner.HUBSPOT).stream().anyMatch(c -> c.path().endsWith("/gdpr-delete")));
    }

    @Test
    void tasksLeftInTheDatabaseAreRunByTheWorker() {
        // As after a crash or a restart: the order was planned and committed, no event is redelivered.
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        sandbox.seedStripeCustomer(customer, "ken@example.com", "Ken Thompson");
        UUID orderId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            PartnerErasure erasure = new PartnerErasure();
            erasure.id = UUID.randomUUID();
            erasure.orderId = orderId;
            erasure.subjectId = subject;
            erasure.partner = Systems.STRIPE;
            erasure.exemptions = "[]";
            erasure.createdAt = java.time.Instant.now();
            erasure.persist();
            PartnerTask task = PartnerTask.pending(TaskKind.ERASE, subject, Systems.STRIPE, "customer", customer,
                    "erasure-ordered", orderId.toString(), erasure.createdAt);
            task.partnerErasureId = erasure.id;
            task.attempts = 2;
            task.claims = 2;
            task.lastError = "DELETE customer: HTTP 503 api_error";
            task.persist();
        });

        ErasureConfirmed stripe = of(awaitConfirmations(orderId, 1), Systems.STRIPE);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, stripe.outcome());
        assertEquals("deleted", stripe.evidence().get(0).result());
        assertEquals(3, (int) QuarkusTransaction.requiringNew().call(() ->
                PartnerTask.<PartnerTask>find("objectId", customer).singleResult().attempts));
    }
}
