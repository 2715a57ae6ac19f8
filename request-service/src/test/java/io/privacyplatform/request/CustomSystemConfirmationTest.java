package io.privacyplatform.request;

import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.privacyplatform.request.Api.view;
import static io.privacyplatform.request.ConfirmationGateTest.approvedErasure;
import static io.privacyplatform.request.ConfirmationGateTest.clientToken;
import static io.privacyplatform.request.ConfirmationGateTest.confirmOverHttp;
import static io.privacyplatform.request.ConfirmationGateTest.confirmation;
import static io.privacyplatform.request.ConfirmationGateTest.receipt;
import static io.privacyplatform.request.ConfirmationGateTest.refusals;
import static io.privacyplatform.request.ConfirmationGateTest.send;
import static io.privacyplatform.request.ConfirmationGateTest.values;
import static io.privacyplatform.request.TestRegistry.CUSTOM_PRINCIPAL;
import static io.privacyplatform.request.TestRegistry.CUSTOM_SYSTEM;
import static io.privacyplatform.testkit.Problems.problem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A custom system of the registry ({@link TestRegistry}: {@code loyalty}, principal {@code loyalty-service}) confirms
 * on its own topic or over HTTP with its own OIDC client, and nowhere else.
 */
@QuarkusTest
@TestProfile(CustomSystemProfile.class)
class CustomSystemConfirmationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void itsOwnClientConfirmsOverHttpOnceAnotherClientIsRefused() throws Exception {
        ConfirmationGateTest.Order order = approvedErasure(kafka, subjectId);
        String body = ErasureEvents.json(confirmation(order, CUSTOM_SYSTEM));

        problem(confirmOverHttp(clientToken("crm-sync", "system-confirmer"), CUSTOM_SYSTEM, body), 403);
        confirmOverHttp(clientToken(CUSTOM_PRINCIPAL, "system-confirmer"), CUSTOM_SYSTEM, body).statusCode(202);
        // A retry of the same confirmation changes nothing.
        confirmOverHttp(clientToken(CUSTOM_PRINCIPAL, "system-confirmer"), CUSTOM_SYSTEM, body).statusCode(202);

        receipt(order).body("systems.system", contains(CUSTOM_SYSTEM)).body("systems[0].outcome", equalTo("ERASED"));
        view(order.requestId()).body("history.kind", contains("FILED", "APPROVED", "CONFIRMATION_REFUSED", "CONFIRMED"))
                .body("history[3].actor", equalTo("system:" + CUSTOM_SYSTEM));
        List<Map<String, Object>> refused = refusals(order);
        assertEquals(List.of("NOT_OWNER"), values(refused, "reason"));
        assertEquals(List.of("crm-sync"), values(refused, "principal"));
    }

    @Test
    void itConfirmsOnItsOwnTopicButNotOnTheSharedOne() throws Exception {
        ConfirmationGateTest.Order order = approvedErasure(kafka, subjectId);
        ErasureConfirmed confirmed = confirmation(order, CUSTOM_SYSTEM);
        // Even with its own name as the source: only the platform services confirm on the shared topic.
        new ErasureEvents(kafka, WAIT).publish(confirmed, UUID.randomUUID().toString(), "/" + CUSTOM_PRINCIPAL);
        send(kafka, "erasure-confirmed." + CUSTOM_SYSTEM, confirmed);

        await().atMost(WAIT).untilAsserted(() -> receipt(order).body("systems.system", contains(CUSTOM_SYSTEM)));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("WRONG_CHANNEL"), values(refusals(order), "reason")));
        assertEquals(List.of("erasure-confirmed"), values(refusals(order), "channel"));
    }
}
