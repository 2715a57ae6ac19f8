package io.privacyplatform.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.UUID;

import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.testkit.Problems.problem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every right of policy §13 and §13.1 is filed with its own body, validated by its own rules, stored encrypted. */
@QuarkusTest
class RequestTypesTest {

    private final String subjectId = "usr-" + UUID.randomUUID();

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Test
    void everyTypeAFrontendFilesIsAcceptedWithItsBody() {
        fileAndRead("{\"type\":\"ACCESS\",\"details\":\"Include partners.\"}").body("details.details", equalTo("Include partners."));
        fileAndRead("{\"type\":\"ERASURE\"}").body("details.type", equalTo("ERASURE"));
        fileAndRead("""
                {"type":"RECTIFICATION","corrections":[{"field":"last-name","value":"Martin"},{"field":"phone","value":"+33 6 12 34 56 78"}]}""")
                .body("details.corrections.field", org.hamcrest.Matchers.contains("last-name", "phone"));
        fileAndRead("{\"type\":\"RESTRICTION\",\"ground\":\"ACCURACY_CONTESTED\"}").body("details.ground", equalTo("ACCURACY_CONTESTED"));
        fileAndRead("{\"type\":\"PORTABILITY\",\"details\":\"Moving to another provider.\"}")
                .body("details.type", equalTo("PORTABILITY"));
        fileAndRead("{\"type\":\"OBJECTION\",\"scope\":\"PROSPECTION\"}").body("details.scope", equalTo("PROSPECTION"));
        fileAndRead("{\"type\":\"OBJECTION\",\"scope\":\"PROCESSING\",\"purposes\":[\"service-improvement\"]}")
                .body("details.purposes[0]", equalTo("service-improvement"));
        fileAndRead("""
                {"type":"POST_MORTEM_DIRECTIVES","action":"RECORD","directive":"TRANSMIT",
                 "designatedPerson":{"name":"Jeanne Dupont","email":"jeanne@example.fr","relationship":"sister"}}""")
                .body("details.designatedPerson.name", equalTo("Jeanne Dupont"));
    }

    @Test
    void personalDataOfTheBodyIsEncryptedAtRestAndNeverPublished() throws Exception {
        String email = "camille." + UUID.randomUUID() + "@example.fr";
        String id = Api.file(subjectId, """
                {"type":"RECTIFICATION","corrections":[{"field":"email","value":"%s"}]}""".formatted(email));

        String stored = (String) Api.sqlValue("select details_ct from data_subject_request where id = ?1", UUID.fromString(id));
        assertTrue(stored.startsWith("v1."), "stored as a versioned ciphertext");
        assertFalse(stored.contains(email) || stored.contains("camille"), "the value is not stored in clear");
        as(subjectId).get("/requests/{id}", id).then().statusCode(200).body("details.corrections[0].value", equalTo(email));

        var filed = kafka.awaitRecord(Events.REQUEST_FILED.topic(),
                r -> r.value().contains(id), Duration.ofSeconds(30));
        assertFalse(filed.value().contains("camille"), "request-filed carries ids and codes only");
        assertEquals("RECTIFICATION", new ObjectMapper().readTree(filed.value()).get("requestType").asText());
    }

    @Test
    void anObjectionTellsItsScopeAndPurposesInRequestFiledSoConsentCanActOnIt() throws Exception {
        String prospection = Api.file(subjectId, """
                {"type":"OBJECTION","scope":"PROSPECTION"}""");
        String processing = Api.file(subjectId, """
                {"type":"OBJECTION","scope":"PROCESSING","purposes":["service-improvement"]}""");
        var first = new ObjectMapper().readTree(kafka.awaitRecord(Events.REQUEST_FILED.topic(),
                r -> r.value().contains(prospection), Duration.ofSeconds(30)).value());
        assertEquals("PROSPECTION", first.get("objectionScope").asText());
        var second = new ObjectMapper().readTree(kafka.awaitRecord(Events.REQUEST_FILED.topic(),
                r -> r.value().contains(processing), Duration.ofSeconds(30)).value());
        assertEquals("PROCESSING", second.get("objectionScope").asText());
        assertEquals("service-improvement", second.get("objectedPurposes").get(0).asText());
    }

    @Test
    void eachTypeRefusesWhatBreaksItsRulesNamingTheFieldAndTheRule() {
        invalid("{\"type\":\"RECTIFICATION\",\"corrections\":[]}", "corrections", "must not be empty");
        invalid("{\"type\":\"RECTIFICATION\",\"corrections\":[{\"field\":\"shoe-size\",\"value\":\"42\"}]}",
                "field", "first-name, last-name, email, phone");
        invalid("{\"type\":\"RECTIFICATION\",\"corrections\":[{\"field\":\"email\",\"value\":\"not-an-address\"}]}",
                "corrections[0].value", "must be an email address");
        invalid("{\"type\":\"RECTIFICATION\",\"corrections\":[{\"field\":\"phone\",\"value\":\"call me\"}]}",
                "corrections[0].value", "must be a phone number");
        invalid("{\"type\":\"RECTIFICATION\",\"corrections\":[{\"field\":\"last-name\",\"value\":\"A\"},{\"field\":\"last-name\",\"value\":\"B\"}]}",
                "corrections[1].field", "each field at most once");
        invalid("{\"type\":\"RESTRICTION\"}", "ground", "must not be null");
        invalid("{\"type\":\"RESTRICTION\",\"ground\":\"BECAUSE\"}", "ground", "ACCURACY_CONTESTED");
        invalid("{\"type\":\"OBJECTION\",\"scope\":\"PROCESSING\"}", "purposes", "is required for an objection to PROCESSING");
        invalid("{\"type\":\"OBJECTION\",\"scope\":\"PROSPECTION\",\"purposes\":[\"billing\"]}", "purposes", "must be empty for PROSPECTION");
        invalid("{\"type\":\"OBJECTION\",\"scope\":\"PROCESSING\",\"purposes\":[\"Not A Code\"]}", "purposes[0]", "purpose code");
        invalid("{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"RECORD\"}", "directive", "is required to RECORD");
        invalid("{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"RECORD\",\"directive\":\"TRANSMIT\"}",
                "designatedPerson", "is required to TRANSMIT");
        invalid("{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"RECORD\",\"directive\":\"TRANSMIT\",\"designatedPerson\":{\"name\":\"J\"}}",
                "designatedPerson", "needs an email or a phone");
        invalid("{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"REVOKE\",\"directive\":\"KEEP\"}", "directive", "must be absent to REVOKE");
        invalid("{\"type\":\"ERASURE\",\"reason\":\"typo of details\"}", "reason", "unknown field");
    }

    @Test
    void aPortabilityRequestAskingForDirectTransmissionIsRefusedOnEveryChannelUntilTransmissionExists() {
        String body = "{\"type\":\"PORTABILITY\",\"transmitTo\":\"https://other.example/import\"}";
        String expected = "direct transmission to another controller (GDPR Art. 20(2)) is not available yet: "
                + "file without transmitTo and send the downloaded export";
        problem(as(subjectId).body(body).post("/requests").then(), 422)
                .body("detail", equalTo("Direct transmission to another controller (GDPR Art. 20(2)) is not available yet: "
                        + "file without transmitTo and send the downloaded export."))
                .body("errors[0].field", equalTo("transmitTo"))
                .body("errors[0].message", equalTo(expected));
        problem(officer().body("{\"subjectId\":\"" + subjectId + "\",\"identityCheck\":{\"method\":\"EMAIL_ON_FILE\"},"
                + "\"request\":" + body + "}").post("/requests/on-behalf").then(), 422)
                .body("errors[0].message", equalTo(expected));
        problem(io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .header("X-Forwarded-For", "198.51.100." + java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 255))
                .body("{\"email\":\"camille." + UUID.randomUUID() + "@example.fr\"," + body.substring(1))
                .post("/requests/by-email").then(), 422)
                .body("errors[0].message", equalTo(expected));
        assertEquals(0L, ((Number) Api.sqlValue("select count(*) from data_subject_request where subject_id = ?1", subjectId)).longValue(),
                "nothing is recorded");
    }

    @Test
    void oversizedFieldsAreRefusedNamingTheField() {
        invalid("{\"type\":\"ACCESS\",\"details\":\"" + "x".repeat(2001) + "\"}", "details", "size must be between 0 and 2000");
        invalid("{\"type\":\"RECTIFICATION\",\"corrections\":[{\"field\":\"last-name\",\"value\":\"" + "x".repeat(255) + "\"}]}",
                "value", "size must be between 0 and 254");
        invalid("{\"type\":\"PORTABILITY\",\"transmitTo\":\"" + "x".repeat(201) + "\"}", "transmitTo", "size must be between 0 and 200");
        invalid("{\"type\":\"OBJECTION\",\"scope\":\"PROCESSING\",\"purposes\":[" + "\"a\",".repeat(8) + "\"b\"]}",
                "purposes", "size must be between 0 and 8");
    }

    @Test
    void anUnknownOrMissingTypeNamesEveryAllowedType() {
        problem(as(subjectId).body("{\"type\":\"FORGET_ME_MAYBE\"}").post("/requests").then(), 400)
                .body("errors[0].field", equalTo("type"))
                .body("errors[0].message", equalTo("must be one of ACCESS, RECTIFICATION, ERASURE, RESTRICTION, PORTABILITY, "
                        + "OBJECTION, POST_MORTEM_DIRECTIVES, HEIR"))
                .body(org.hamcrest.Matchers.not(containsString("FORGET_ME_MAYBE")));
        problem(as(subjectId).body("{\"details\":\"x\"}").post("/requests").then(), 400)
                .body("errors[0].field", equalTo("type"))
                .body("errors[0].message", startsWith("is required; must be one of ACCESS"));
    }

    @Test
    void thePrivacyOfficerFilesOnSomeonesBehalfRecordingHowIdentityWasChecked() {
        String id = officer().body("""
                        {"subjectId":"%s","identityCheck":{"method":"EMAIL_ON_FILE","note":"reply from the address on file"},
                         "request":{"type":"ERASURE"}}""".formatted(subjectId))
                .post("/requests/on-behalf").then().statusCode(201)
                .header("Location", containsString("/requests/"))
                .body("channel", equalTo("PRIVACY_OFFICER"))
                .body("subjectId", equalTo(subjectId))
                .body("filedBy", equalTo(TestTokens.PRIVACY_OFFICER_ID))
                .body("identityCheck.method", equalTo("EMAIL_ON_FILE"))
                .body("history[0].note", containsString("identity checked: EMAIL_ON_FILE"))
                .extract().path("id");
        // The subject sees it among their own requests.
        as(subjectId).get("/requests").then().statusCode(200).body("items.id", hasItem(id));

        problem(officer().body("{\"subjectId\":\"jean@example.fr\",\"identityCheck\":{\"method\":\"ID_DOCUMENT\"},\"request\":{\"type\":\"ACCESS\"}}")
                .post("/requests/on-behalf").then(), 400).body("errors[0].field", equalTo("subjectId"))
                .body(org.hamcrest.Matchers.not(containsString("jean@example.fr")));
        problem(officer().body("{\"subjectId\":\"%s\",\"identityCheck\":{\"method\":\"OTHER\"},\"request\":{\"type\":\"ACCESS\"}}".formatted(subjectId))
                .post("/requests/on-behalf").then(), 400).body("errors[0].field", equalTo("identityCheck.note"));
        problem(officer().body("{\"subjectId\":\"%s\",\"identityCheck\":{\"method\":\"ID_DOCUMENT\"},\"request\":{\"type\":\"NOPE\"}}".formatted(subjectId))
                .post("/requests/on-behalf").then(), 400).body("errors[0].field", equalTo("request.type"));
        problem(officer().body("{\"subjectId\":\"%s\",\"identityCheck\":{\"method\":\"ID_DOCUMENT\"},\"request\":{\"type\":\"OBJECTION\",\"scope\":\"PROCESSING\"}}"
                .formatted(subjectId)).post("/requests/on-behalf").then(), 400).body("errors[0].field", equalTo("request.purposes"));
        problem(officer().body("""
                        {"subjectId":"%s","identityCheck":{"method":"ID_DOCUMENT"},"request":%s}""".formatted(subjectId, heir("CLOSE_ACCOUNT")))
                .post("/requests/on-behalf").then(), 400).body("errors[0].field", equalTo("identityCheck.method"))
                .body("errors[0].message", containsString("PROOF_OF_DEATH_AND_HEIRSHIP"));
    }

    @Test
    void anHeirRequestIsFiledByTheOfficerAboutTheDeceasedWithItsProofsEncrypted() {
        String id = Api.fileOnBehalf(subjectId, "PROOF_OF_DEATH_AND_HEIRSHIP", heir("SUCCESSION_INFORMATION"));
        Api.view(id).body("type", equalTo("HEIR"))
                .body("subjectId", equalTo(subjectId))
                .body("details.heir.name", equalTo("Paul Dupont"))
                .body("details.ask", equalTo("SUCCESSION_INFORMATION"));
        String stored = (String) Api.sqlValue("select details_ct from data_subject_request where id = ?1", UUID.fromString(id));
        assertFalse(stored.contains("Paul"), "the heir's details are encrypted");

        problem(officer().body("""
                        {"subjectId":"%s","identityCheck":{"method":"PROOF_OF_DEATH_AND_HEIRSHIP"},"request":%s}"""
                        .formatted(subjectId, heir("CLOSE_ACCOUNT").replace("2026-01-12", "2999-01-01")))
                .post("/requests/on-behalf").then(), 400).body("errors[0].field", equalTo("dateOfDeath"));
    }

    static String heir(String ask) {
        return """
                {"type":"HEIR","dateOfDeath":"2026-01-12","ask":"%s",
                 "proofOfDeath":{"kind":"DEATH_CERTIFICATE","reference":"Mairie 2026-45"},
                 "heir":{"name":"Paul Dupont","email":"paul@example.fr","relationship":"son"},
                 "proofOfHeirship":{"kind":"ACT_OF_NOTORIETY","reference":"Me Durand 2026/118"}}""".formatted(ask);
    }

    private ValidatableResponse fileAndRead(String body) {
        String type = body.replaceAll("(?s).*\"type\":\"([A-Z_]+)\".*", "$1");
        String id = as(subjectId).body(body).post("/requests").then().statusCode(201)
                .body("type", equalTo(type)).body("status", equalTo("FILED")).body("channel", equalTo("PLATFORM"))
                .extract().path("id");
        return as(subjectId).get("/requests/{id}", id).then().statusCode(200).body("details.type", equalTo(type));
    }

    private void invalid(String body, String field, String rule) {
        problem(as(subjectId).body(body).post("/requests").then(), 400)
                .body("errors.field", hasItem(field))
                .body("errors.message", hasItem(containsString(rule)));
    }
}
