package io.privacyplatform.systemtest;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.policy.Register;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.launchers.ServiceProcess;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.PartnerSandbox;
import io.privacyplatform.sandbox.RecordedCall;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * partner-sync-service killed with SIGKILL while its partner calls are in flight (the partners answer slowly),
 * then started again: every task is claimed again once its lease expires, every object is deleted exactly once
 * successfully at its partner (the repeated delete finds it gone, which is harmless and still counts as erased), each
 * partner confirms once per order, and both erasure requests complete.
 */
@Order(SharedPlatform.Profile.QUICK_RECOVERY_ORDER)
class PartnerSyncCrashRecoveryIT {

    private static final String PARTNER_SYNC = "partner-sync-service";
    private static final Duration COMPLETION = Duration.ofSeconds(120);
    /** Long enough for the kill to land while every first call waits for its answer. */
    private static final Duration SLOW_PARTNERS = Duration.ofSeconds(8);

    private static LocalPlatform platform;
    private static KafkaTestClient kafka;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.QUICK_RECOVERY);
        kafka = new KafkaTestClient(platform.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopPlatform() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** One subject's objects at the partners. */
    private record Holder(String subjectId, String customer, String contact, String response, String file) {

        static Holder create() {
            String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 14);
            return new Holder("usr-" + UUID.randomUUID(), "cus_" + suffix,
                    String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L)),
                    "resp_" + suffix, "file-" + suffix);
        }
    }

    @Test
    void aKilledInstanceLosesNothingAndErasesEveryObjectExactlyOnce() throws Exception {
        PartnerSandbox sandbox = platform.sandbox();
        List<Holder> holders = List.of(Holder.create(), Holder.create());
        for (Holder holder : holders) {
            sandbox.seedStripeCustomer(holder.customer(), holder.subjectId() + "@example.fr", "Camille Dupont");
            sandbox.seedHubSpotContact(holder.contact(), holder.subjectId() + "@example.fr");
            sandbox.seedOpenAiObject("response", holder.response());
            sandbox.seedOpenAiObject("file", holder.file());
            register(holder.subjectId(), Systems.STRIPE, "customer", holder.customer(), "billing");
            register(holder.subjectId(), Systems.HUBSPOT, "contact", holder.contact(), "customer-inquiries");
            register(holder.subjectId(), Systems.OPENAI, "response", holder.response(), "service-provision");
            register(holder.subjectId(), Systems.OPENAI, "file", holder.file(), "service-provision");
        }
        sandbox.setLatency(SLOW_PARTNERS);

        List<String> requests = new ArrayList<>();
        for (Holder holder : holders) {
            requests.add(fileAndApproveErasure(holder.subjectId()));
        }

        // Every object's erasure call has reached its partner, whose answer is still on its way.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                holders.stream().allMatch(h -> !deletes(Partner.STRIPE, h.customer()).isEmpty()
                        && !deletes(Partner.HUBSPOT, h.contact()).isEmpty()
                        && !deletes(Partner.OPENAI, h.response()).isEmpty()
                        && !deletes(Partner.OPENAI, h.file()).isEmpty()));
        ServiceProcess killed = platform.service(PARTNER_SYNC);
        ProcessHandle handle = ProcessHandle.of(killed.pid()).orElseThrow();
        assertTrue(handle.destroyForcibly(), "SIGKILL sent");
        handle.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(killed.isRunning());

        sandbox.setLatency(Duration.ZERO);
        ServiceProcess restarted = platform.restart(PARTNER_SYNC);
        assertNotEquals(killed.pid(), restarted.pid());

        for (int i = 0; i < holders.size(); i++) {
            Holder holder = holders.get(i);
            String requestId = requests.get(i);
            await().atMost(COMPLETION).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    given().auth().oauth2(platform.token(holder.subjectId(), "data-subject"))
                            .get(url("request-service", "/requests/" + requestId))
                            .then().statusCode(200).body("status", equalTo("COMPLETED")));
            given().auth().oauth2(platform.token(holder.subjectId(), "data-subject"))
                    .get(url("request-service", "/requests/" + requestId + "/receipt"))
                    .then().statusCode(200)
                    // Erased (Stripe keeps its billing records), never "nothing held": the objects were there.
                    .body("systems.find { it.system == 'stripe' }.outcome", equalTo("PARTIALLY_ERASED"))
                    .body("systems.find { it.system == 'hubspot' }.outcome", equalTo("ERASED"))
                    .body("systems.find { it.system == 'openai' }.outcome", equalTo("ERASED"));

            // Exactly one successful delete per object, the first call. Every repeat (after the restart, or after a
            // call the slow partner answered too late, while Stripe's billing records were being listed) found the
            // object gone (404), which is harmless.
            assertErasedOnce(200, statuses(deletes(Partner.STRIPE, holder.customer())));
            assertErasedOnce(204, statuses(deletes(Partner.HUBSPOT, holder.contact())));
            assertErasedOnce(200, statuses(deletes(Partner.OPENAI, holder.response())));
            assertErasedOnce(200, statuses(deletes(Partner.OPENAI, holder.file())));
            assertFalse(sandbox.openAiExists("response", holder.response()));
            assertFalse(sandbox.openAiExists("file", holder.file()));

            // One confirmation per partner (a record relayed twice would carry the same event id).
            for (String partner : Register.load().systemsOfKind("processor").stream().map(Register.RegisteredSystem::name).toList()) {
                List<ConsumerRecord<String, String>> confirmations = kafka.readAll(Events.ERASURE_CONFIRMED.topic()).stream()
                        .filter(r -> holder.subjectId().equals(r.key()) && r.value().contains("\"system\":\"" + partner + "\""))
                        .toList();
                assertEquals(1, confirmations.stream().map(r -> KafkaTestClient.header(r, "ce_id")).distinct().count(),
                        partner + " confirmations of " + holder.subjectId());
            }
        }

        // The tasks say what happened: claimed again after their lease expired, done. At least two attempts: the
        // partners answer in 8 s and a lease lasts 5 s, so a task whose call waits while Stripe's billing records are
        // listed (three slow calls before its DELETE) may be claimed again before the kill too.
        String operator = platform.token("ops-1", "operator");
        List<Map<String, Object>> tasks = given().auth().oauth2(operator).queryParam("size", 200)
                .get(url(PARTNER_SYNC, "/tasks"))
                .then().statusCode(200).extract().path("items");
        List<String> objects = holders.stream()
                .flatMap(h -> java.util.stream.Stream.of(h.customer(), h.contact(), h.response(), h.file())).toList();
        List<Map<String, Object>> ours = tasks.stream().filter(t -> objects.contains(String.valueOf(t.get("objectId")))).toList();
        assertEquals(objects.size(), ours.size());
        for (Map<String, Object> task : ours) {
            assertEquals("DONE", task.get("state"), task.toString());
            assertTrue(((Number) task.get("attempts")).intValue() >= 2, task.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> lastError = (Map<String, Object>) task.get("lastError");
            assertTrue(String.valueOf(lastError.get("summary")).startsWith("lease expired"), task.toString());
        }
    }

    private static void register(String subjectId, String partner, String objectType, String objectId, String purpose) {
        given().auth().oauth2(platform.clientToken(RealmClients.BILLING_BACKEND)).contentType(ContentType.JSON)
                .body(Map.of("subjectId", subjectId, "partner", partner, "objectType", objectType, "objectId", objectId,
                        "purpose", purpose))
                .post(url(PARTNER_SYNC, "/processor-records"))
                .then().statusCode(201);
    }

    private static String fileAndApproveErasure(String subjectId) {
        String requestId = given().auth().oauth2(platform.token(subjectId, "data-subject")).contentType(ContentType.JSON)
                .body("{\"type\":\"ERASURE\"}")
                .post(url("request-service", "/requests"))
                .then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(platform.token("dpo-1", "privacy-officer"))
                .post(url("request-service", "/requests/" + requestId + "/approve"))
                .then().statusCode(200).body("status", equalTo("IN_PROGRESS"));
        return requestId;
    }

    /** The erasure calls for one object: DELETE (Stripe, OpenAI) or gdpr-delete (HubSpot). */
    private static List<RecordedCall> deletes(Partner partner, String objectId) {
        return platform.sandbox().calls(partner).stream()
                .filter(c -> partner == Partner.HUBSPOT
                        ? c.path().endsWith("/gdpr-delete") && c.body().contains("\"" + objectId + "\"")
                        : c.method().equals("DELETE") && c.path().endsWith("/" + objectId))
                .toList();
    }

    /** The first call succeeded, at least one repeat came after the restart, and every repeat found nothing. */
    private static void assertErasedOnce(int success, List<Integer> statuses) {
        assertTrue(statuses.size() >= 2, "a delete before the kill and its repeat after: " + statuses);
        assertEquals(success, statuses.get(0), "the first delete succeeded: " + statuses);
        assertTrue(statuses.subList(1, statuses.size()).stream().allMatch(s -> s == 404), "every repeat found nothing: " + statuses);
    }

    private static List<Integer> statuses(List<RecordedCall> calls) {
        return calls.stream().map(RecordedCall::status).toList();
    }

    private static String url(String service, String path) {
        return platform.serviceUrl(service) + path;
    }
}
