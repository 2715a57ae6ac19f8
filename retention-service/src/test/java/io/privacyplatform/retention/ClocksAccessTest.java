package io.privacyplatform.retention;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Who may read a subject's clocks and export, what the export says, and the public policy. */
@QuarkusTest
class ClocksAccessTest {

    private final String subject = "usr-" + UUID.randomUUID();

    @Test
    void theSubjectAndThePrivacyOfficerMayReadTheClocksNobodyElse() {
        Api.register(subject, "account-registration").statusCode(201);
        given().auth().oauth2(TestTokens.dataSubject(subject)).get("/subjects/{id}/retention", subject).then()
                .statusCode(200).body("subjectId", equalTo(subject)).body("status", equalTo("RETAINED"));
        // No service reads the clocks: a service token (even request-service's export reader) is refused.
        given().auth().oauth2(TestTokens.subjectExportReader()).get("/subjects/{id}/retention", subject).then().statusCode(403);
        Api.clocks(subject).statusCode(200);
        given().auth().oauth2(TestTokens.dataSubject("usr-" + UUID.randomUUID())).get("/subjects/{id}/retention", subject)
                .then().statusCode(403).contentType("application/problem+json").body(not(containsString("account-registration")));
        given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).get("/subjects/{id}/retention", subject)
                .then().statusCode(403);
        given().get("/subjects/{id}/retention", subject).then().statusCode(401);
        given().auth().oauth2(TestTokens.privacyOfficer()).get("/subjects/{id}/retention", "jeanne@example.fr").then()
                .statusCode(400).body("errors[0].field", equalTo("subjectId")).body("detail", not(containsString("jeanne")))
                .body("errors[0].message", not(containsString("jeanne")));
    }

    @Test
    void theExportSaysWhatIsHeldSinceWhenUntilWhenAndWhy() {
        Instant collected = Instant.now().minus(100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant invoiced = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Api.register(subject, "billing", "collectedAt", collected, "lastActivityAt", invoiced).statusCode(201);
        given().auth().oauth2(TestTokens.dataSubject(subject)).get("/subjects/{id}/export", subject).then().statusCode(200)
                .body("system", equalTo("retention"))
                .body("held[0].purpose", equalTo("billing"))
                .body("held[0].title", equalTo("Facturation des Services"))
                .body("held[0].legalBasis", equalTo("CONTRACT"))
                .body("held[0].heldSince", equalTo(collected.toString()))
                .body("held[0].heldUntil", equalTo(invoiced.atOffset(ZoneOffset.UTC).plusYears(10).toInstant().toString()))
                .body("held[0].why", containsString("L123-22"))
                .body("erasureAt", equalTo(invoiced.atOffset(ZoneOffset.UTC).plusYears(10).toInstant().toString()));
    }

    @Test
    void theRetentionPolicyIsPublicAndSelfDescribing() {
        given().get("/retention-policy").then().statusCode(200)
                .body("version", equalTo("2026-12-03.3"))
                .body("policy.version", equalTo("1.0"))
                .body("rules.find { it.code == 'account-inactivity' }.period", equalTo("P2Y"))
                .body("rules.find { it.code == 'account-inactivity' }.parameter", equalTo("account-inactivity"))
                .body("purposes.find { it.code == 'billing' }.rule", equalTo("accounting-ten-years"))
                .body("purposes.find { it.code == 'billing' }.legalBasisText", containsString("contrat"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/sweeps"))
                .body(containsString("/holds")).body(containsString("/connection-logs"));
    }
}
