package io.privacyplatform.retention;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;

/**
 * The token checks every service runs (platform-support's CallerCheck and the pinned quarkus.oidc.token settings),
 * seen on retention-service: each token below is right in every way but one.
 */
@QuarkusTest
class CallerCheckTest {

    private final String subject = "usr-" + UUID.randomUUID();

    @Test
    void aTokenForOtherServicesOnlyIsRefused() {
        holds(TestTokens.holdReader()).statusCode(200);
        problem(holds(TestTokens.forAudience(TestTokens.HOLD_READER, "consent-service", "request-service")), 401);
    }

    @Test
    void aClientTheServiceDoesNotKnowIsRefused() {
        // privacy-backend was the shared client of every backend: it is gone.
        problem(holds(TestTokens.token("service-account-privacy-backend", TestTokens.HOLD_READER, "privacy-backend")), 401);
        problem(holds(TestTokens.token(TestTokens.PRIVACY_OFFICER_ID, TestTokens.PRIVACY_OFFICER, "admin-cli")), 401);
    }

    @Test
    void aPersonsRoleFromAServiceClientIsDropped() {
        // web-backend's token claiming to be the person: the role is dropped, the subject reads nothing.
        String asPerson = TestTokens.token(subject, TestTokens.DATA_SUBJECT, TestTokens.WEB_BACKEND);
        problem(given().auth().oauth2(asPerson).get("/subjects/{id}/retention", subject).then(), 403);
        String asOfficer = TestTokens.token(TestTokens.PRIVACY_OFFICER_ID, TestTokens.PRIVACY_OFFICER, TestTokens.REQUEST_SERVICE);
        problem(given().auth().oauth2(asOfficer).queryParam("subjectId", subject).get("/inventory").then(), 403);
        // The same person from the frontend is fine.
        given().auth().oauth2(TestTokens.dataSubject(subject)).get("/subjects/{id}/retention", subject).then().statusCode(200);
    }

    @Test
    void aBackendsRoleOnlyWhereItIsGivenAndOnlyFromItsOwnClient() {
        // web-backend's own role is not for the holds (request-service's).
        problem(holds(TestTokens.inventoryRecorder()), 403);
        // billing-backend carrying web-backend's connection-log role: dropped.
        problem(given().auth().oauth2(TestTokens.service(TestTokens.BILLING_BACKEND, TestTokens.CONNECTION_LOG_RECORDER))
                .contentType(ContentType.JSON).body("{\"entries\":[]}").post("/connection-logs").then(), 403);
        // partner-sync may read contact details, not holds, even with request-service's role.
        problem(holds(TestTokens.service(TestTokens.PARTNER_SYNC_SERVICE, TestTokens.HOLD_READER)), 403);
        holds(TestTokens.service(TestTokens.REQUEST_SERVICE, TestTokens.HOLD_READER)).statusCode(200);
    }

    @Test
    void onlyRs256FromTheIssuerWithinItsLifetimeAndThirtySecondsOfSkew() {
        problem(holds(TestTokens.signedWithHs256(TestTokens.HOLD_READER)), 401);
        problem(holds(TestTokens.fromIssuer("https://issuer.example.org/realms/privacy", TestTokens.HOLD_READER)), 401);
        problem(holds(TestTokens.expiredSince(Duration.ofMinutes(2), TestTokens.HOLD_READER)), 401);
        // Within the 30 s grace, clocks a little apart still agree.
        holds(TestTokens.expiredSince(Duration.ofSeconds(5), TestTokens.HOLD_READER)).statusCode(200);
    }

    private io.restassured.response.ValidatableResponse holds(String token) {
        return given().auth().oauth2(token).get("/subjects/{id}/holds", subject).then();
    }
}
