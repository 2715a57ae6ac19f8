package io.privacyplatform.retention;

import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.retention.service.ErasureOrderTracking;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The erasure orders retention-service places are tracked like a request's erasure (issue 13, item 6: "tracked like
 * any erasure"): each system's answer, completion, and the officer's attention list of silent or failed systems.
 */
@QuarkusTest
class ErasureOrderTrackingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Inject
    TestClock clock;

    @Inject
    ErasureOrderTracking tracking;

    private ErasureEvents erasures;
    private final String subject = "tracked-" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        erasures = new ErasureEvents(kafka, WAIT);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void aScopedRetentionOrderShowsWhatGoesWhatStaysAndEachSystemsAnswerUntilItCompletes() {
        ErasureOrdered order = new ErasureOrdered(UUID.randomUUID(), null, subject, ErasureReason.RETENTION_EXPIRED,
                List.of("retention", "hubspot", "openai"), List.of(), Instant.now(),
                new ErasureScope(List.of("prospection", "service-provision"), List.of("billing")));
        erasures.publish(order);

        // retention itself answers (its own erasure consumer); the partners are awaited.
        await().atMost(WAIT).untilAsserted(() -> orders(subject)
                .body("", hasSize(1))
                .body("[0].orderId", equalTo(order.orderId().toString()))
                .body("[0].scope.purposes", contains("prospection", "service-provision"))
                .body("[0].scope.keptPurposes", contains("billing"))
                .body("[0].status", equalTo("IN_PROGRESS"))
                .body("[0].systems.system", contains("retention", "hubspot", "openai"))
                .body("[0].systems.find { it.system == 'retention' }.status", not(equalTo("awaiting")))
                .body("[0].awaiting", contains("hubspot", "openai")));

        erasures.publish(confirmation(order, "hubspot", ErasureOutcome.ERASED, Instant.now(), List.of()));
        erasures.publish(confirmation(order, "openai", ErasureOutcome.FAILED, Instant.now(), List.of()));
        // A failed system puts the order on the officer's list at once.
        await().atMost(WAIT).untilAsserted(() -> attention().body("orderId", hasItem(order.orderId().toString())));

        Exemption kept = new Exemption("openai", "vector-store", "kept for a live purpose", null);
        erasures.publish(confirmation(order, "openai", ErasureOutcome.PARTIALLY_ERASED, Instant.now().plusSeconds(5), List.of(kept)));
        await().atMost(WAIT).untilAsserted(() -> orders(subject)
                .body("[0].status", equalTo("COMPLETED"))
                .body("[0].completedAt", notNullValue())
                .body("[0].awaiting", hasSize(0))
                .body("[0].systems.find { it.system == 'openai' }.retained[0].dataCategory", equalTo("vector-store")));
        attention().body("orderId", not(hasItem(order.orderId().toString())));

        // The subject reads their own orders; another subject may not.
        given().auth().oauth2(TestTokens.dataSubject(subject)).queryParam("subjectId", subject).get("/erasure-orders").then()
                .statusCode(200).body("", hasSize(1));
        given().auth().oauth2(TestTokens.dataSubject("someone-else")).queryParam("subjectId", subject).get("/erasure-orders").then()
                .statusCode(403).contentType("application/problem+json");

        // The proof is kept 5 years after completion (policy rule retention-erasure-orders, Code civil art. 2224).
        clock.advance(Duration.between(Instant.now(), Instant.now().atOffset(java.time.ZoneOffset.UTC).plusYears(5).toInstant())
                .minusDays(1));
        tracking.purgeProof();
        orders(subject).body("", hasSize(1));
        clock.advance(Duration.ofDays(2));
        tracking.purgeProof();
        orders(subject).body("", hasSize(0));
    }

    @Test
    void aSystemSilentBeyondTheAlertPeriodPutsTheOrderOnTheAttentionListAndRequestsOrdersAreNotTracked() {
        ErasureOrdered order = ErasureEvents.retentionExpiry(subject, List.of("retention", "hubspot"));
        erasures.publish(order);
        ErasureOrdered ofRequest = ErasureEvents.order(subject, List.of("retention"));
        erasures.publish(ofRequest);
        await().atMost(WAIT).untilAsserted(() -> orders(subject).body("orderId", contains(order.orderId().toString()))
                .body("[0].awaiting", contains("hubspot")));
        attention().body("orderId", not(hasItem(order.orderId().toString())));

        clock.advance(Duration.ofDays(8));
        attention().body("find { it.orderId == '" + order.orderId() + "' }.awaiting", contains("hubspot"));
        given().auth().oauth2(TestTokens.inventoryRecorder()).get("/erasure-orders/attention").then().statusCode(403);
    }

    private static ValidatableResponse orders(String subject) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject).get("/erasure-orders").then()
                .statusCode(200);
    }

    private static ValidatableResponse attention() {
        return given().auth().oauth2(TestTokens.privacyOfficer()).get("/erasure-orders/attention").then().statusCode(200);
    }

    private static ErasureConfirmed confirmation(ErasureOrdered order, String system, ErasureOutcome outcome, Instant at,
                                                 List<Exemption> retained) {
        return new ErasureConfirmed(order.orderId(), null, order.subjectId(), system, outcome,
                List.of(new Evidence("contact", "1", "gdpr-delete", "deleted", "read back: absent")), retained, List.of(), at);
    }
}
