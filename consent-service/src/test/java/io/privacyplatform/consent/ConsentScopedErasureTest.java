package io.privacyplatform.consent;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scoped erasure orders (one policy purpose ended, others live) through the real broker and database: only the
 * consent purposes serving the order's purposes go (retention-policy.yaml {@code consentPurpose}), the rest stays
 * and the confirmation says why.
 */
@QuarkusTest
class ConsentScopedErasureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EMAIL = "camille.roux@example.fr";
    /** The marketing consent ended; prospection and billing live on. */
    private static final ErasureScope MARKETING_ENDED = new ErasureScope(List.of("marketing-email"), List.of("prospection", "billing"));

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private ErasureEvents erasures;
    private String subjectId;

    @BeforeEach
    void setUp() {
        erasures = new ErasureEvents(kafka, WAIT);
        subjectId = "usr-" + UUID.randomUUID();
    }

    @Test
    void aMarketingEmailErasureDeletesThatConsentOnlySuppressesThePersonAndSaysWhatStays() {
        given().auth().oauth2(TestTokens.withIdentity(subjectId, TestTokens.DATA_SUBJECT, EMAIL, "Camille Roux"))
                .contentType(ContentType.JSON).body("{\"purpose\":\"marketing-email\",\"granted\":true}")
                .post("/consents").then().statusCode(201);
        change(subjectId, "marketing-email", false);
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"partner-referral\",\"granted\":true,\"source\":\"partner\","
                        + "\"partner\":\"acme\",\"evidence\":\"acme:req/77\",\"email\":\"" + EMAIL + "\"}")
                .post("/consents").then().statusCode(201);

        ErasureOrdered order = scoped(subjectId, MARKETING_ENDED);
        erasures.publish(order);
        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(order, Systems.CONSENT));

        // The marketing-email ledger and state are gone; the partner referral stays.
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subjectId).get("/consents").then()
                .statusCode(200)
                .body("history", hasSize(1)).body("history.purpose", everyItem(equalTo("partner-referral")))
                .body("current.purpose", contains("partner-referral"));

        assertEquals(ErasureOutcome.PARTIALLY_ERASED, confirmed.outcome());
        assertEquals(new Evidence("consent-records (marketing-email)", "2 rows", "DELETE", "deleted", "re-count: 0 rows"),
                confirmed.evidence().get(0));
        assertEquals(new Evidence("consent-states (marketing-email)", "1 rows", "DELETE", "deleted", "re-count: 0 rows"),
                confirmed.evidence().get(1));
        assertEquals(new Evidence("email-hashes", "0 rows", "DELETE", "already-absent", "re-count: 0 rows"),
                confirmed.evidence().get(3), "the address hashes stay while a consent of the subject remains");
        List<String> kept = confirmed.retained().stream().map(Exemption::dataCategory).toList();
        assertEquals(List.of("suppression-list-keyed-hash", "consent-records (partner-referral)", "email-hashes"), kept);
        assertTrue(confirmed.retained().get(1).legalBasis().startsWith("not in the order's scope"),
                confirmed.retained().get(1).legalBasis());

        // Suppressed: the address is not imported again from a partner's list.
        given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body(Map.of("emails", List.of(EMAIL))).post("/suppressions/check").then().statusCode(200)
                .body("suppressed", equalTo(1));
    }

    @Test
    void aScopedErasureKeepingMarketingEmailNamesThePurposeAndRuleThatKeepIt() {
        change(subjectId, "marketing-email", true);

        ErasureOrdered order = scoped(subjectId, new ErasureScope(List.of("prospection"), List.of("marketing-email")));
        erasures.publish(order);
        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(order, Systems.CONSENT));

        assertEquals(ErasureOutcome.NOTHING_HELD, confirmed.outcome(), "prospection rests on no consent: nothing went");
        assertEquals(List.of(new Exemption(Systems.CONSENT, "consent-records (marketing-email)",
                "kept for purpose marketing-email (rule marketing-consent)", "marketing-consent")), confirmed.retained());
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subjectId).get("/consents").then()
                .statusCode(200).body("current.purpose", contains("marketing-email"));
        // Not suppressed: the subject may still change their marketing consent.
        change(subjectId, "marketing-email", false);
        change(subjectId, "marketing-email", true);
    }

    private static void change(String subject, String purpose, boolean granted) {
        given().auth().oauth2(TestTokens.dataSubject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"" + purpose + "\",\"granted\":" + granted + "}")
                .post("/consents").then().statusCode(201);
    }

    private static ErasureOrdered scoped(String subject, ErasureScope scope) {
        return new ErasureOrdered(UUID.randomUUID(), null, subject, ErasureReason.RETENTION_EXPIRED,
                Consents.ERASURE_SYSTEMS, List.of(), Instant.now(), scope);
    }
}
