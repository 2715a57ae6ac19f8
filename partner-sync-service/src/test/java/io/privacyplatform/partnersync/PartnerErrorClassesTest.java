package io.privacyplatform.partnersync;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.PartnerProxies;
import io.privacyplatform.sandbox.Partner;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error class of every partner, one object per class in one order per partner: the partner's validation
 * error, 401 and (OpenAI) insufficient_quota and (Stripe) Stripe-Should-Retry: false go straight to DEAD with status
 * and code but never the message; an HTML 502 page, truncated JSON and an empty body are retried and succeed.
 */
@QuarkusTest
class PartnerErrorClassesTest extends ErasureTestBase {

    /** Partners' messages may quote data: this must never be stored or published. */
    private static final String QUOTED = "ada.lovelace@example.com";

    private record Expected(ResponseDefinitionBuilder fault, TaskState state, String deadReason, Integer status, String code) {
    }

    private static Expected dead(ResponseDefinitionBuilder fault, String deadReason, int status, String code) {
        return new Expected(fault, TaskState.DEAD, deadReason, status, code);
    }

    private static Expected retriedToDone(ResponseDefinitionBuilder fault) {
        return new Expected(fault, TaskState.DONE, null, null, null);
    }

    @Test
    void stripe() {
        Map<String, Expected> objects = new LinkedHashMap<>();
        objects.put("cus_" + unique(), dead(PartnerProxies.json(400, "{\"error\":{\"type\":\"invalid_request_error\","
                + "\"code\":\"parameter_invalid\",\"message\":\"Invalid customer " + QUOTED + "\",\"param\":\"id\"}}"),
                "partner-rejected", 400, "parameter_invalid"));
        objects.put("cus_" + unique(), dead(PartnerProxies.json(401, "{\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"Invalid API Key provided: sk_test_****\"}}"), "unauthorized", 401, "invalid_request_error"));
        objects.put("cus_" + unique(), dead(PartnerProxies.json(500, "{\"error\":{\"type\":\"api_error\",\"code\":"
                + "\"processing_error\",\"message\":\"" + QUOTED + "\"}}", "Stripe-Should-Retry", "false"),
                "not-retryable", 500, "processing_error"));
        objects.put("cus_" + unique(), retriedToDone(PartnerProxies.htmlBadGateway()));
        objects.put("cus_" + unique(), retriedToDone(PartnerProxies.truncatedJson()));
        objects.put("cus_" + unique(), retriedToDone(PartnerProxies.emptyJson()));
        String subject = "usr_" + unique();
        objects.keySet().forEach(id -> {
            sandbox.seedStripeCustomer(id, QUOTED, "Ada Lovelace");
            register(subject, Systems.STRIPE, "customer", id, "billing");
        });

        runAndCheck(subject, Partner.STRIPE, Systems.STRIPE, objects, "not-retryable, partner-rejected, unauthorized");
    }

    @Test
    void hubSpot() {
        Map<String, Expected> objects = new LinkedHashMap<>();
        objects.put(uniqueDigits(), dead(PartnerProxies.json(400, "{\"status\":\"error\",\"message\":\"Property values "
                + "were not valid: " + QUOTED + "\",\"correlationId\":\"4f2c\",\"category\":\"VALIDATION_ERROR\"}"),
                "partner-rejected", 400, "VALIDATION_ERROR"));
        objects.put(uniqueDigits(), dead(PartnerProxies.json(401, "{\"status\":\"error\",\"message\":\"Authentication "
                + "credentials not found.\",\"correlationId\":\"9d1e\",\"category\":\"INVALID_AUTHENTICATION\"}"),
                "unauthorized", 401, "INVALID_AUTHENTICATION"));
        objects.put(uniqueDigits(), retriedToDone(PartnerProxies.htmlBadGateway()));
        objects.put(uniqueDigits(), retriedToDone(PartnerProxies.truncatedJson()));
        objects.put(uniqueDigits(), retriedToDone(PartnerProxies.emptyJson()));
        String subject = "usr_" + unique();
        objects.keySet().forEach(id -> {
            sandbox.seedHubSpotContact(id, QUOTED);
            register(subject, Systems.HUBSPOT, "contact", id, "crm-marketing");
        });

        runAndCheck(subject, Partner.HUBSPOT, Systems.HUBSPOT, objects, "partner-rejected, unauthorized");
    }

    @Test
    void openAi() {
        Map<String, Expected> objects = new LinkedHashMap<>();
        objects.put("file-" + unique(), dead(PartnerProxies.json(400, "{\"error\":{\"message\":\"Invalid 'file_id': '"
                + QUOTED + "'.\",\"type\":\"invalid_request_error\",\"param\":\"file_id\",\"code\":null}}"),
                "partner-rejected", 400, "invalid_request_error"));
        objects.put("file-" + unique(), dead(PartnerProxies.json(401, "{\"error\":{\"message\":\"Incorrect API key "
                + "provided: sk-****.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"),
                "unauthorized", 401, "invalid_api_key"));
        objects.put("file-" + unique(), dead(PartnerProxies.json(429, "{\"error\":{\"message\":\"You exceeded your "
                + "current quota.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"),
                "quota-exhausted", 429, "insufficient_quota"));
        objects.put("file-" + unique(), retriedToDone(PartnerProxies.htmlBadGateway()));
        objects.put("file-" + unique(), retriedToDone(PartnerProxies.truncatedJson()));
        objects.put("file-" + unique(), retriedToDone(PartnerProxies.emptyJson()));
        String subject = "usr_" + unique();
        objects.keySet().forEach(id -> {
            sandbox.seedOpenAiObject("file", id);
            register(subject, Systems.OPENAI, "file", id, "ai-assistant");
        });

        runAndCheck(subject, Partner.OPENAI, Systems.OPENAI, objects, "partner-rejected, quota-exhausted, unauthorized");
    }

    private void runAndCheck(String subject, Partner partner, String system, Map<String, Expected> objects, String reasonCodes) {
        objects.forEach((id, expected) -> proxies.failNext(partner, id, 1, expected.fault()));
        ErasureOrdered order = ErasureEvents.order(subject, List.of(system), List.of());
        erasures.publish(order);

        ConsumerRecord<String, String> record = awaitConfirmationRecords(order.orderId(), 1).get(0);
        assertFalse(record.value().contains(QUOTED), "no partner message text in the confirmation");
        ErasureConfirmed confirmed = ErasureEvents.confirmed(record);
        assertEquals(ErasureOutcome.FAILED, confirmed.outcome());
        assertTrue(confirmed.notices().get(0).contains("(reason codes: " + reasonCodes + ";"), confirmed.notices().get(0));

        objects.forEach((id, expected) -> {
            assertEquals(0, proxies.pendingFaults(partner, id), "the fault was answered for " + id);
            PartnerTask task = task(id);
            Evidence evidence = confirmed.evidence().stream().filter(e -> e.objectId().equals(id)).findFirst().orElseThrow();
            assertEquals(expected.state(), task.state, id + ": " + task.lastError);
            if (expected.state() == TaskState.DEAD) {
                assertEquals(1, task.attempts, "not retried: " + id);
                assertEquals(expected.deadReason(), task.deadReason);
                assertEquals(expected.status(), task.lastErrorStatus);
                assertEquals(expected.code(), task.lastErrorCode);
                assertTrue(task.lastError.contains("HTTP " + expected.status()), task.lastError);
                assertFalse(task.lastError.contains(QUOTED), "the partner's message is not kept");
                assertEquals("failed", evidence.result());
                assertTrue(evidence.verification().contains("reason: " + expected.deadReason()), evidence.verification());
            } else {
                assertEquals(2, task.attempts, "retried once: " + id);
                assertNull(task.deadReason);
                assertEquals("deleted", task.result, id + ": " + task.verification);
                assertEquals("deleted", evidence.result());
                assertTrue(task.lastError.contains("HTTP "), "the garbage answer is the last error: " + task.lastError);
            }
        });
    }
}
