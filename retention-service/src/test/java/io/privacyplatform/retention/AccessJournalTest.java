package io.privacyplatform.retention;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * retention-service's access journal (policy §10): the subject export with its decrypted IP addresses, the legal
 * holds read, placed and lifted, each once with the token's subject and client; the officer's read of the journal is
 * journaled; the chain verifies. (The contact lookup's entry: DatastoreRightsTest, which has the account database.)
 */
@QuarkusTest
class AccessJournalTest {

    /** request-service assembling an access export. */
    private static final String EXPORTER_CLIENT = "request-service";
    private static final String EXPORTER_SUB = "service-account-request-service";

    private final String subjectId = "usr-journal-" + UUID.randomUUID();

    private static RequestSpecification officer() {
        return given().auth().oauth2(TestTokens.privacyOfficer());
    }

    /** The subject's entries, oldest first: "action decision categories actorKind:actor client endpoint". */
    private static List<String> entriesOf(String subjectId) {
        List<Map<String, Object>> items = officer().queryParam("subjectId", subjectId).queryParam("size", 200)
                .get("/access-journal").then().statusCode(200).extract().jsonPath().getList("items");
        List<Map<String, Object>> oldestFirst = new ArrayList<>(items);
        Collections.reverse(oldestFirst);
        return oldestFirst.stream().map(e -> e.get("action") + " " + e.get("decision") + " " + e.get("categories") + " "
                + e.get("actorKind") + ":" + e.get("actor") + " " + e.get("client") + " " + e.get("endpoint")).toList();
    }

    @Test
    void exportsAndHoldsAreJournaledOnceEachWithTheirActorAndClient() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Api.connectionLogs("{\"entries\":[{\"subjectId\":\"" + subjectId + "\",\"ip\":\"203.0.113.9\",\"at\":\"" + now
                + "\",\"kind\":\"login\"}]}").statusCode(201);
        given().auth().oauth2(TestTokens.token(EXPORTER_SUB, TestTokens.SUBJECT_EXPORT_READER, EXPORTER_CLIENT))
                .get("/subjects/{id}/export", subjectId).then().statusCode(200);
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/subjects/{id}/export", subjectId).then().statusCode(200);
        String holdId = Api.placeHold("{\"subjectId\":\"" + subjectId + "\",\"allPurposes\":true,\"reason\":\"Pending litigation.\"}")
                .statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.token(EXPORTER_SUB, TestTokens.HOLD_READER, EXPORTER_CLIENT))
                .get("/subjects/{id}/holds", subjectId).then().statusCode(200);
        officer().queryParam("subjectId", subjectId).get("/holds").then().statusCode(200);
        Api.liftHold(holdId).statusCode(200);

        assertEquals(List.of(
                "READ null [retention-export, connection-logs-ip] token:" + EXPORTER_SUB + " " + EXPORTER_CLIENT
                        + " GET /subjects/{subjectId}/export",
                "READ null [retention-export, connection-logs-ip] token:" + subjectId + " privacy-frontend GET /subjects/{subjectId}/export",
                "DECISION place-hold [decision, legal-holds] token:dpo-1 privacy-console POST /holds",
                "READ null [legal-holds] token:" + EXPORTER_SUB + " " + EXPORTER_CLIENT + " GET /subjects/{subjectId}/holds",
                "READ null [legal-holds] token:dpo-1 privacy-console GET /holds",
                "DECISION lift-hold [decision, legal-holds] token:dpo-1 privacy-console POST /holds/{id}/lift"),
                entriesOf(subjectId));
        assertEquals("READ null [access-journal] token:dpo-1 privacy-console GET /access-journal", entriesOf(subjectId).get(6));
        officer().get("/access-journal/verify").then().statusCode(200).body("intact", equalTo(true));
        officer().queryParam("to", "not-a-time").get("/access-journal").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
