package io.privacyplatform.retention;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/**
 * The subject-holds contract: what request-service reads before it orders an erasure, so that the order keeps what
 * the holds in force cover. Only holds in force, never their reasons.
 */
@QuarkusTest
class SubjectHoldsTest {

    private static final String REASON = "Litigation, Tribunal de commerce de Romans, case 26/201";

    @Inject
    TestClock clock;

    private final String subject = "holds-" + UUID.randomUUID();

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void theHoldsInForceAreServedToThePlatformWithoutTheirReasons() {
        given().auth().oauth2(TestTokens.holdReader()).get("/subjects/{id}/holds", subject).then().statusCode(200)
                .body("subjectId", equalTo(subject)).body("holds", empty());

        Instant until = clock.instant().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String billing = Api.placeHold("{\"subjectId\":\"" + subject + "\",\"purposes\":[\"billing\",\"collections-and-disputes\"],"
                + "\"reason\":\"" + REASON + "\",\"until\":\"" + until + "\"}").statusCode(201).extract().path("id");
        String lifted = Api.placeHold("{\"subjectId\":\"" + subject + "\",\"purposes\":[\"prospection\"],\"reason\":\"x\"}")
                .statusCode(201).extract().path("id");
        Api.liftHold(lifted).statusCode(200);

        given().auth().oauth2(TestTokens.holdReader()).get("/subjects/{id}/holds", subject).then().statusCode(200)
                .body("holds", hasSize(1))
                .body("holds[0].holdId", equalTo(billing))
                .body("holds[0].allPurposes", equalTo(false))
                .body("holds[0].purposes", containsInAnyOrder("billing", "collections-and-disputes"))
                .body("holds[0].until", equalTo(until.toString()))
                .body(not(containsString("Litigation")));

        // Past its end, a hold no longer keeps anything.
        clock.advance(Duration.ofDays(3));
        given().auth().oauth2(TestTokens.holdReader()).get("/subjects/{id}/holds", subject).then().statusCode(200)
                .body("holds", empty());

        String all = Api.placeHold("{\"subjectId\":\"" + subject + "\",\"allPurposes\":true,\"reason\":\"x\"}")
                .statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.holdReader()).get("/subjects/{id}/holds", subject).then().statusCode(200)
                .body("holds.holdId", contains(all)).body("holds[0].allPurposes", equalTo(true))
                .body("holds[0].purposes", empty());
    }

    @Test
    void onlyThePlatformAndTheOfficerReadThem() {
        given().auth().oauth2(TestTokens.dataSubject(subject)).get("/subjects/{id}/holds", subject).then().statusCode(403);
        given().get("/subjects/{id}/holds", subject).then().statusCode(401);
        given().auth().oauth2(TestTokens.holdReader()).get("/subjects/{id}/holds", "not a subject id").then()
                .statusCode(400).contentType("application/problem+json");
    }
}
