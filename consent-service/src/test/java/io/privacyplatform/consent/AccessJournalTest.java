package io.privacyplatform.consent;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * consent-service's access journal (policy §10): the consent history and export, and a backend's effective reads
 * (one entry per subject of a batch), each once with the token's subject and client; the officer's read of the
 * journal is journaled; the chain verifies.
 */
@QuarkusTest
class AccessJournalTest {

    /** The product's backend, which checks consents before a send. */
    private static final String BACKEND_CLIENT = "web-backend";
    private static final String BACKEND_SUB = "service-account-web-backend";
    /** request-service assembling an access export. */
    private static final String EXPORTER_CLIENT = "request-service";
    private static final String EXPORTER_SUB = "service-account-request-service";

    private final String subjectId = "usr-journal-" + UUID.randomUUID();

    private static RequestSpecification officer() {
        return given().auth().oauth2(TestTokens.privacyOfficer());
    }

    private static RequestSpecification as(String sub, String client) {
        return given().auth().oauth2(TestTokens.token(sub, TestTokens.REQUEST_SERVICE.equals(client) ? TestTokens.SUBJECT_EXPORT_READER : TestTokens.CONSENT_CHECKER, client));
    }

    /** The subject's entries, oldest first: "action categories actorKind:actor client endpoint". */
    private static List<String> entriesOf(String subjectId) {
        List<Map<String, Object>> items = officer().queryParam("subjectId", subjectId).queryParam("size", 200)
                .get("/access-journal").then().statusCode(200).extract().jsonPath().getList("items");
        List<Map<String, Object>> oldestFirst = new ArrayList<>(items);
        Collections.reverse(oldestFirst);
        return oldestFirst.stream().map(e -> e.get("action") + " " + e.get("categories") + " " + e.get("actorKind") + ":"
                + e.get("actor") + " " + e.get("client") + " " + e.get("endpoint")).toList();
    }

    @Test
    void eachReadOfASubjectsConsentsIsOneEntryWithItsActorAndClient() {
        String other = "usr-journal-" + UUID.randomUUID();
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then().statusCode(200);
        officer().queryParam("subjectId", subjectId).get("/consents/history").then().statusCode(200);
        as(BACKEND_SUB, BACKEND_CLIENT).queryParam("subjectId", subjectId).queryParam("purpose", "marketing-email")
                .get("/consents/effective").then().statusCode(200);
        as(BACKEND_SUB, BACKEND_CLIENT).contentType(ContentType.JSON)
                .body(Map.of("purpose", "marketing-email", "subjectIds", List.of(subjectId, other, subjectId)))
                .post("/consents/effective").then().statusCode(200);
        as(EXPORTER_SUB, EXPORTER_CLIENT).queryParam("subjectId", subjectId).get("/consents/export").then().statusCode(200);

        assertEquals(List.of(
                "READ [consent-history] token:" + subjectId + " privacy-frontend GET /consents",
                "READ [consent-history] token:dpo-1 privacy-console GET /consents/history",
                "READ [effective-consent] token:" + BACKEND_SUB + " " + BACKEND_CLIENT + " GET /consents/effective",
                "READ [effective-consent] token:" + BACKEND_SUB + " " + BACKEND_CLIENT + " POST /consents/effective",
                "READ [consent-history] token:" + EXPORTER_SUB + " " + EXPORTER_CLIENT + " GET /consents/export"),
                entriesOf(subjectId));
        assertEquals(List.of("READ [effective-consent] token:" + BACKEND_SUB + " " + BACKEND_CLIENT + " POST /consents/effective"),
                entriesOf(other));
        // The officer's read of the journal is the next entry of the subject.
        assertEquals("READ [access-journal] token:dpo-1 privacy-console GET /access-journal",
                entriesOf(subjectId).get(5));
        officer().get("/access-journal/verify").then().statusCode(200).body("intact", equalTo(true));
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/access-journal").then().statusCode(403);
    }

    /**
     * Reads made at the same moment outside a transaction are journaled together (one group transaction): each read still
     * has its own entry, committed before it answered, and the chain stays intact.
     */
    @Test
    void concurrentReadsEachHaveTheirEntryAndTheChainVerifies() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            subjects.add("usr-journal-" + UUID.randomUUID());
        }
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String subject : subjects) {
                answers.add(readers.submit(() -> {
                    int status = as(BACKEND_SUB, BACKEND_CLIENT).queryParam("subjectId", subject)
                            .queryParam("purpose", "marketing-email").get("/consents/effective").then().extract().statusCode();
                    // Committed before the answer: the entry is there as soon as the read answered.
                    assertEquals(List.of("READ [effective-consent] token:" + BACKEND_SUB + " " + BACKEND_CLIENT
                            + " GET /consents/effective"), entriesOf(subject));
                    return status;
                }));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            readers.shutdownNow();
        }
        officer().get("/access-journal/verify").then().statusCode(200).body("intact", equalTo(true));
    }
}
