package io.privacyplatform.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The email channel through the real stack: GreenMail as the SMTP server, PostgreSQL, Kafka. Each test calls
 * from its own client IP (X-Forwarded-For) so the per-IP limit of one does not reach another.
 */
@QuarkusTest
class EmailChannelTest {

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    private final String ip = "10." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(256)
            + "." + ThreadLocalRandom.current().nextInt(1, 255);

    private RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", ip);
    }

    private static String newAddress() {
        return "camille." + UUID.randomUUID() + "@example.fr";
    }

    private ExtractableResponse<Response> fileByEmail(String email, String type) {
        return anonymous().body(Map.of("email", email, "type", type)).post("/requests/by-email")
                .then().statusCode(202).body("status", equalTo("AWAITING_VERIFICATION")).extract();
    }

    private ValidatableResponse verify(String filingId, String code) {
        return anonymous().body(Map.of("code", code)).post("/requests/by-email/{id}/verify", filingId).then();
    }

    private static String wrong(String code) {
        return code.charAt(0) == '0' ? "1" + code.substring(1) : "0" + code.substring(1);
    }

    @Test
    void theCodeReceivedByMailFilesTheRequestAndOnlyThenIsRequestFiledPublished() throws Exception {
        String email = newAddress();
        var accepted = fileByEmail(email, "ERASURE");
        String filingId = accepted.path("id");
        assertNull(accepted.path("code"), "the answer never carries the code");
        String code = MailTestResource.awaitCode(email);
        assertTrue(code.matches("\\d{6,}"));

        assertEquals(0L, ((Number) Api.sqlValue("select count(*) from data_subject_request where subject_id = "
                + "(select subject_id from email_filing where id = ?1)", UUID.fromString(filingId))).longValue(),
                "nothing is filed before the code is verified");
        String stored = (String) Api.sqlValue("select code_hash from email_filing where id = ?1", UUID.fromString(filingId));
        assertFalse(stored.contains(code), "the code is stored as a hash only");

        String requestId = verify(filingId, code).statusCode(200)
                .body("status", equalTo("FILED"))
                .body("channel", equalTo("EMAIL"))
                .body("subjectId", startsWith("em_"))
                .extract().path("id");
        assertEquals("FILED", Api.sqlValue("select status from data_subject_request where id = ?1", UUID.fromString(requestId)));

        var filed = kafka.awaitRecord(Events.REQUEST_FILED.topic(), r -> r.value().contains(requestId), Duration.ofSeconds(30));
        assertFalse(filed.value().contains("camille") || filed.value().contains("example.fr"), "no address in request-filed");
        var json = new ObjectMapper().readTree(filed.value());
        assertEquals("EMAIL", json.get("channel").asText());
        assertTrue(json.get("subjectId").asText().startsWith("em_"));
        problem(verify(filingId, code), 409);
        // The address is stored nowhere in clear: only encrypted, on the request, for the mails about it (NotificationTest).
        assertEquals(0L, ((Number) Api.sqlValue("select count(*) from email_filing f join data_subject_request r on r.id = f.request_id "
                + "where f.id = ?1 and (f.details_ct like '%camille%' or r.details_ct like '%camille%' or r.filed_by like '%camille%' "
                + "or r.contact_email_ct like '%camille%' or f.email_ct is not null)",
                UUID.fromString(filingId))).longValue());
    }

    @Test
    void aWrongCodeAnswers422WithTheAttemptsLeftAndTheLastOneClosesTheFiling() {
        String email = newAddress();
        String filingId = fileByEmail(email, "ACCESS").path("id");
        String code = MailTestResource.awaitCode(email);

        for (int left = 4; left >= 1; left--) {
            problem(verify(filingId, wrong(code)), 422)
                    .body("errors.field", hasItem("code"))
                    .body("errors[0].message", equalTo("does not match; attempts left: " + left));
        }
        problem(verify(filingId, wrong(code)), 429).body("errors[0].message", equalTo("no attempts left"));
        assertEquals("UNVERIFIED", Api.sqlValue("select status from email_filing where id = ?1", UUID.fromString(filingId)));
        // Even the right code is refused now, and nothing was filed.
        problem(verify(filingId, code), 429);
        assertNull(Api.sqlValue("select request_id from email_filing where id = ?1", UUID.fromString(filingId)));
    }

    @Test
    void anExpiredCodeAnswers410() {
        String email = newAddress();
        String filingId = fileByEmail(email, "ACCESS").path("id");
        String code = MailTestResource.awaitCode(email);
        Api.sql("update email_filing set expires_at = now() - interval '1 second' where id = ?1", UUID.fromString(filingId));

        problem(verify(filingId, code), 410).body("errors[0].field", equalTo("code")).body("errors[0].message", equalTo("expired"));
        assertEquals("AWAITING_VERIFICATION", Api.sqlValue("select status from email_filing where id = ?1", UUID.fromString(filingId)));
    }

    @Test
    void theAnswerIsTheSameWhateverTheAddress() {
        // Someone with requests already on file under their email subject id, and an address never seen.
        String known = newAddress();
        String knownFiling = fileByEmail(known, "ACCESS").path("id");
        verify(knownFiling, MailTestResource.awaitCode(known)).statusCode(200);

        var again = anonymous().body(Map.of("email", known, "type", "ERASURE")).post("/requests/by-email").then().statusCode(202).extract();
        var fresh = anonymous().body(Map.of("email", newAddress(), "type", "ERASURE")).post("/requests/by-email").then().statusCode(202).extract();
        assertEquals(again.jsonPath().getMap("").keySet(), fresh.jsonPath().getMap("").keySet());
        assertEquals(again.<String>path("status"), fresh.<String>path("status"));
        assertEquals(again.contentType(), fresh.contentType());
        assertNull(again.path("subjectId"));
    }

    @Test
    void malformedBodiesAre400NamingTheField() {
        problem(anonymous().body(Map.of("email", "not-an-address", "type", "ACCESS")).post("/requests/by-email").then(), 400)
                .body("errors[0].field", equalTo("email")).body("errors[0].message", equalTo("must be an email address"));
        problem(anonymous().body(Map.of("type", "ACCESS")).post("/requests/by-email").then(), 400)
                .body("errors[0].field", equalTo("email")).body("errors[0].message", equalTo("is required"));
        problem(anonymous().body(Map.of("email", "a".repeat(250) + "@example.fr", "type", "ACCESS")).post("/requests/by-email").then(), 400)
                .body("errors[0].field", equalTo("email"));
        problem(anonymous().body(Map.of("email", newAddress(), "type", "TELEPORT")).post("/requests/by-email").then(), 400);
        problem(anonymous().body(Map.of("email", newAddress(), "type", "HEIR", "ask", "ERASURE")).post("/requests/by-email").then(), 400);
        problem(anonymous().body(Map.of()).post("/requests/by-email/{id}/verify", UUID.randomUUID()).then(), 400)
                .body("errors[0].field", equalTo("code"));
        problem(verify(UUID.randomUUID().toString(), "123456"), 404);
    }

    @Test
    void filingsPerAddressAreRateLimitedWithRetryAfter() {
        String email = newAddress();
        for (int i = 0; i < 3; i++) {
            fileByEmail(email, "ACCESS");
        }
        // The same person, the address written differently, is the same address.
        problem(anonymous().body(Map.of("email", email.toUpperCase(), "type", "ACCESS")).post("/requests/by-email").then(), 429)
                .header("Retry-After", matchesPattern("\\d+"))
                .body("errors[0].field", equalTo("email"));
        // The refused filing sent nothing: the three mails of the accepted ones arrive, and no fourth.
        await().atMost(Duration.ofSeconds(30)).until(() -> MailTestResource.to(email).length >= 3);
        assertEquals(3, MailTestResource.to(email).length, "no mail beyond the limit");
    }

    @Test
    void callsPerClientIpAreRateLimitedWithRetryAfter() {
        for (int i = 0; i < 8; i++) {
            fileByEmail(newAddress(), "ACCESS");
        }
        String seconds = problem(anonymous().body(Map.of("email", newAddress(), "type", "ACCESS")).post("/requests/by-email").then(), 429)
                .body("errors[0].field", equalTo("clientIp"))
                .extract().header("Retry-After");
        assertTrue(Long.parseLong(seconds) >= 1 && Long.parseLong(seconds) <= 3600, "within the window");
        // Another client is not affected.
        given().contentType(ContentType.JSON).header("X-Forwarded-For", "192.0.2." + ThreadLocalRandom.current().nextInt(1, 255))
                .body(Map.of("email", newAddress(), "type", "ACCESS")).post("/requests/by-email").then().statusCode(202);
    }

    @Test
    void anIpv6ClientIsLimitedByItsSlash64NotByEachOfItsAddresses() {
        // One host holds a whole /64: changing the last 64 bits must not give it a fresh budget.
        String network = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":7:";
        for (int i = 0; i < 8; i++) {
            given().contentType(ContentType.JSON).header("X-Forwarded-For", "[" + network + Integer.toHexString(i + 1) + ":0:0:" + (i + 10) + "]")
                    .body(Map.of("email", newAddress(), "type", "ACCESS")).post("/requests/by-email").then().statusCode(202);
        }
        problem(given().contentType(ContentType.JSON).header("X-Forwarded-For", "[" + network + "abcd:1:2:3]")
                .body(Map.of("email", newAddress(), "type", "ACCESS")).post("/requests/by-email").then(), 429)
                .body("errors[0].field", equalTo("clientIp"));
        // Unbracketed, as proxies write it: one address, never read as host and port.
        problem(given().contentType(ContentType.JSON).header("X-Forwarded-For", network + "abcd:1:2:4")
                .body(Map.of("email", newAddress(), "type", "ACCESS")).post("/requests/by-email").then(), 429)
                .body("errors[0].field", equalTo("clientIp"));
        // The next /64 is another client, unbracketed too.
        given().contentType(ContentType.JSON).header("X-Forwarded-For", network.replace(":7:", ":9:") + "1:0:0:1")
                .body(Map.of("email", newAddress(), "type", "ACCESS")).post("/requests/by-email").then().statusCode(202);
        given().contentType(ContentType.JSON).header("X-Forwarded-For", "[" + network.replace(":7:", ":8:") + "1:0:0:1]")
                .body(Map.of("email", newAddress(), "type", "ACCESS")).post("/requests/by-email").then().statusCode(202);
    }
}
