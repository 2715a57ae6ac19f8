package io.privacyplatform.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** One-click unsubscribe (RFC 8058): a POST withdraws without login, a GET only shows a page; bad links are refused. */
@QuarkusTest
class UnsubscribeLinkTest {

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void theOneClickPostWithdrawsWithoutLoginAndReachesKafka() {
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        ExtractableResponse<Response> link = issue(subjectId, "marketing-email").extract();
        String token = link.path("token");
        assertEquals("<" + link.path("url") + ">", link.path("listUnsubscribe"));
        // The same link for every email until it is used.
        assertEquals(token, issue(subjectId, "marketing-email").extract().path("token"));

        // A GET (a link scanner, or the person's browser) changes nothing and sets no cookie.
        given().get("/unsubscribe/" + token).then().statusCode(200).contentType(containsString("text/html"))
                .header("Set-Cookie", nullValue())
                .body(containsString("Prospection commerciale par email"))
                .body(containsString("name=\"List-Unsubscribe\" value=\"One-Click\""));
        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(true));

        // What a mail provider sends (RFC 8058 §3.1): no token, no cookie, the form body.
        oneClick(token).statusCode(200).contentType(containsString("text/html")).header("Set-Cookie", nullValue());

        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(false)).body("reason", equalTo("WITHDRAWN"));
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then()
                .body("current[0].source", equalTo("one-click-unsubscribe"))
                .body("current[0].actorRole", equalTo("link"))
                .body("current[0].recordedBy", equalTo(link.path("tokenId")));
        List<JsonNode> changes = Consents.changes(kafka, subjectId, 2);
        assertEquals(false, changes.get(1).get("granted").asBoolean());
        assertEquals("one-click-unsubscribe", changes.get(1).get("source").asText());
        assertEquals("marketing-email", changes.get(1).get("purpose").asText());

        // Replayed: refused, and the page says it is done.
        problem(oneClick(token), 409).body("detail", containsString("already used"));
        given().get("/unsubscribe/" + token).then().statusCode(200).body(containsString("a été enregistrée"))
                .body(not(containsString("<form")));

        // After a new grant the platform gets a new link for the next emails.
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        assertNotEquals(token, issue(subjectId, "marketing-email").extract().path("token"));
    }

    @Test
    void forgedTamperedMalformedAndRevokedTokensAreRefused() {
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        ExtractableResponse<Response> link = issue(subjectId, "marketing-email").extract();
        String token = link.path("token");

        String tampered = token.substring(0, 40) + (token.charAt(40) == 'a' ? 'b' : 'a') + token.substring(41);
        problem(oneClick(tampered), 403);
        String otherId = UUID.randomUUID().toString().replace("-", "") + token.substring(32);
        problem(oneClick(otherId), 403);
        problem(given().get("/unsubscribe/" + tampered).then(), 403);
        problem(oneClick("not-a-token"), 400).body("errors[0].field", equalTo("token"));
        problem(given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "Maybe")
                .post("/unsubscribe/" + token).then(), 400).body("errors[0].field", equalTo("List-Unsubscribe"));

        given().auth().oauth2(TestTokens.privacyOfficer()).delete("/unsubscribe-links/" + link.path("tokenId")).then()
                .statusCode(200).body("revokedAt", notNullValue()).body("token", nullValue());
        problem(oneClick(token), 410);
        problem(given().get("/unsubscribe/" + token).then(), 410);
        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(true));

        problem(given().auth().oauth2(TestTokens.unsubscribeLinkIssuer()).delete("/unsubscribe-links/" + UUID.randomUUID()).then(), 404);
        problem(given().auth().oauth2(TestTokens.unsubscribeLinkIssuer()).delete("/unsubscribe-links/nope").then(), 400);
        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\"}").post("/unsubscribe-links").then(), 403);
        problem(given().auth().oauth2(TestTokens.unsubscribeLinkIssuer()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"junk-mail\"}").post("/unsubscribe-links").then(), 400)
                .body("errors[0].field", equalTo("purpose"));
    }

    @Test
    void aLinkOfAPurposeNeverGrantedStillWorksAndChangesNothing() {
        String token = issue(subjectId, "marketing-email").extract().path("token");
        oneClick(token).statusCode(200);
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then().body("history", org.hamcrest.Matchers.empty());
    }

    @Test
    void aOneClickPostOverThePublicLimitIs413ProblemAndWithdrawsNothing() {
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        String token = issue(subjectId, "marketing-email").extract().path("token");
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .formParam("padding", "x".repeat(5 * 1024)).post("/unsubscribe/" + token).then().statusCode(413)
                .contentType(containsString("application/problem+json")).body("status", equalTo(413));
        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(true));
        oneClick(token).statusCode(200);
    }

    private static ValidatableResponse issue(String subjectId, String purpose) {
        return given().auth().oauth2(TestTokens.unsubscribeLinkIssuer()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"" + purpose + "\"}")
                .post("/unsubscribe-links").then().statusCode(200)
                .body("token", not(emptyOrNullString()))
                .body("url", startsWith("https://consent.privacy-platform.test/unsubscribe/"))
                .body("listUnsubscribe", startsWith("<https://consent.privacy-platform.test/unsubscribe/"))
                .body("listUnsubscribePost", equalTo("List-Unsubscribe=One-Click"));
    }

    private static ValidatableResponse oneClick(String token) {
        return given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .post("/unsubscribe/" + token).then();
    }
}
