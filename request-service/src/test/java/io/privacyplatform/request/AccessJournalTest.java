package io.privacyplatform.request;

import io.privacyplatform.request.service.PersonLinks;
import io.privacyplatform.support.journal.AccessJournalPurge;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access journal of policy §10 in request-service: each read of personal data in clear and each decision is one
 * entry naming the token's subject and client (or the person's link), the subject, the request, the categories and
 * the endpoint; the officer reads it (and that read is journaled); it is append-only and its chain shows tampering;
 * the purge keeps it verifiable.
 */
@QuarkusTest
class AccessJournalTest {

    /** A service reading rectification values, as partner-sync's client does. */
    private static final String READER_CLIENT = "partner-sync-service";
    private static final String READER_SUB = "service-account-partner-sync";

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Inject
    PersonLinks personLinks;

    @Inject
    AccessJournalPurge purge;

    @Inject
    TestClock clock;

    private final String subjectId = "usr-journal-" + UUID.randomUUID();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static RequestSpecification rectificationReader() {
        return given().auth().oauth2(TestTokens.token(READER_SUB, TestTokens.RECTIFICATION_READER, READER_CLIENT));
    }

    private static JsonPath journal(Map<String, ?> filter) {
        return officer().queryParams(filter).get("/access-journal").then().statusCode(200).extract().jsonPath();
    }

    /** The subject's entries, oldest first: "action decision categories actor client endpoint". */
    private static List<String> entriesOf(String subjectId) {
        List<Map<String, Object>> items = journal(Map.of("subjectId", subjectId, "size", 200)).getList("items");
        List<Map<String, Object>> oldestFirst = new java.util.ArrayList<>(items);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst.stream().map(e -> e.get("action") + " " + e.get("decision") + " " + e.get("categories")
                + " " + e.get("actorKind") + ":" + e.get("actor") + " " + e.get("client") + " " + e.get("endpoint")).toList();
    }

    @Test
    void eachReadAndDecisionIsOneEntryWithItsActorAndClient() {
        String id = file(subjectId, """
                {"type":"RECTIFICATION","corrections":[{"field":"last-name","value":"Martinez"}]}""");
        officer().get("/requests/{id}", id).then().statusCode(200);
        Api.as(subjectId).get("/requests/{id}", id).then().statusCode(200);
        approve(id).statusCode(200);
        rectificationReader().get("/requests/{id}/rectification", id).then().statusCode(200);
        String link = QuarkusTransaction.requiringNew().call(() -> personLinks.issue(
                DataSubjectRequest.lock(UUID.fromString(id)).orElseThrow(), "system:request-service")).url().getPath();
        given().get(link).then().statusCode(200);
        officer().post("/requests/{id}/person-links/revoke", id).then().statusCode(200);

        List<String> linkIds = QuarkusTransaction.requiringNew().call(() -> personLinks.of(UUID.fromString(id)).stream()
                .map(l -> l.id.toString()).toList());
        assertEquals(1, linkIds.size());
        assertEquals(List.of(
                "READ null [request-details] token:dpo-1 privacy-console GET /requests/{id}",
                "READ null [request-details] token:" + subjectId + " privacy-frontend GET /requests/{id}",
                "DECISION approve [decision, request-details] token:dpo-1 privacy-console POST /requests/{id}/approve",
                "READ null [rectification-values] token:" + READER_SUB + " " + READER_CLIENT + " GET /requests/{id}/rectification",
                "READ null [request-status] person-link:" + linkIds.get(0) + " null GET /status/{token}",
                "DECISION revoke-person-links [person-link] token:dpo-1 privacy-console POST /requests/{id}/person-links/revoke"),
                entriesOf(subjectId));
        JsonPath first = journal(Map.of("subjectId", subjectId, "size", 200));
        assertEquals(id, first.getString("items[-1].requestId"));
    }

    @Test
    void filingOnBehalfAndTheOtherDecisionsAreJournaled() {
        String id = Api.fileOnBehalf(subjectId, "EMAIL_ON_FILE", Api.ACCESS);
        officer().body("{\"months\":1,\"reason\":\"Many systems to read.\"}").post("/requests/{id}/extend", id)
                .then().statusCode(200);
        officer().body("{\"ground\":\"MANIFESTLY_EXCESSIVE\",\"text\":\"The fifth identical request this month.\"}")
                .post("/requests/{id}/reject", id).then().statusCode(200);
        assertEquals(List.of("DECISION file-on-behalf", "DECISION extend", "DECISION reject"),
                entriesOf(subjectId).stream().map(e -> e.substring(0, e.indexOf(" ["))).toList());
    }

    @Test
    void theOfficersReadsOfTheJournalAreJournaledAndOnlyTheOfficerReadsIt() {
        String id = file(subjectId, Api.ERASURE);
        officer().get("/requests/{id}", id).then().statusCode(200);
        journal(Map.of("subjectId", subjectId)).getList("items");
        officer().get("/access-journal/verify").then().statusCode(200);

        List<Map<String, Object>> own = journal(Map.of("actor", TestTokens.PRIVACY_OFFICER_ID, "size", 200)).getList("items");
        assertTrue(own.stream().anyMatch(e -> List.of("access-journal").equals(e.get("categories"))
                && subjectId.equals(e.get("subjectId")) && "GET /access-journal".equals(e.get("endpoint"))), own.toString());
        assertTrue(own.stream().anyMatch(e -> "GET /access-journal/verify".equals(e.get("endpoint"))), own.toString());
        assertEquals(List.of("READ null [request-details] token:dpo-1 privacy-console GET /requests/{id}",
                "READ null [access-journal] token:dpo-1 privacy-console GET /access-journal"), entriesOf(subjectId));

        Instant now = Instant.now();
        assertEquals(0, journal(Map.of("subjectId", subjectId, "from", now.plus(1, ChronoUnit.HOURS).toString())).getInt("total"));
        assertTrue(journal(Map.of("subjectId", subjectId, "from", now.minus(1, ChronoUnit.HOURS).toString(),
                "to", now.plus(1, ChronoUnit.HOURS).toString())).getInt("total") >= 2);

        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/access-journal").then(), 403);
        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/access-journal/verify").then(), 403);
        problem(given().get("/access-journal").then(), 401);
        problem(officer().queryParam("from", "yesterday").get("/access-journal").then(), 400)
                .body("errors[0].field", equalTo("from"));
        problem(officer().queryParam("from", now.toString()).queryParam("to", now.minusSeconds(1).toString())
                .get("/access-journal").then(), 400);
        problem(officer().queryParam("size", 0).get("/access-journal").then(), 400);
        problem(officer().queryParam("page", -1).get("/access-journal").then(), 400);
    }

    @Test
    void theJournalRefusesChangesAndItsChainShowsAnEntryAlteredBehindTheTriggersBack() {
        String id = file(subjectId, Api.ERASURE);
        officer().get("/requests/{id}", id).then().statusCode(200);
        Number position = (Number) Api.sqlValue("select max(position) from access_journal where subject_id = ?1", subjectId);

        assertThrows(Exception.class, () -> Api.sql("update access_journal set actor = 'someone-else' where position = ?1",
                position.longValue()));
        assertThrows(Exception.class, () -> Api.sql("delete from access_journal where position = ?1", position.longValue()));
        assertThrows(Exception.class, () -> Api.sql("truncate access_journal"));
        assertThrows(Exception.class, () -> Api.sql("update access_journal_anchor set purged_through = 0, purged_entries = -1"));
        officer().get("/access-journal/verify").then().statusCode(200).body("intact", equalTo(true));

        Api.sqlInOneTransaction("alter table access_journal disable trigger access_journal_append_only",
                "update access_journal set actor = 'someone-else' where position = " + position,
                "alter table access_journal enable trigger access_journal_append_only");
        officer().get("/access-journal/verify").then().statusCode(200)
                .body("intact", equalTo(false))
                .body("firstBrokenPosition", equalTo(position.intValue()))
                .body("problem", org.hamcrest.Matchers.containsString("altered"));

        Api.sqlInOneTransaction("alter table access_journal disable trigger access_journal_append_only",
                "update access_journal set actor = 'dpo-1' where position = " + position,
                "alter table access_journal enable trigger access_journal_append_only");
        officer().get("/access-journal/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void theFourServicesCreateTheSameJournal() throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of("..");
        String own = java.nio.file.Files.readString(root.resolve(
                "request-service/src/main/resources/db/migration/V11__access_journal.sql"));
        for (String other : List.of("consent-service/src/main/resources/db/migration/V4__access_journal.sql",
                "retention-service/src/main/resources/db/migration/V9__access_journal.sql",
                "partner-sync-service/src/main/resources/db/migration/V7__access_journal.sql")) {
            assertEquals(own, java.nio.file.Files.readString(root.resolve(other)), other + " differs from request-service's V11");
        }
    }

    @Test
    void thePurgeDeletesEntriesPastTheirYearAndTheChainStillVerifies() {
        assertEquals(java.time.Period.ofYears(1), purge.period());
        String id = file(subjectId, Api.ERASURE);
        officer().get("/requests/{id}", id).then().statusCode(200);
        Number last = (Number) Api.sqlValue("select max(position) from access_journal");

        clock.moveTo(Instant.now().plus(366, ChronoUnit.DAYS));
        String later = file(subjectId + "-later", Api.ERASURE);
        officer().get("/requests/{id}", later).then().statusCode(200);
        assertTrue(purge.purge() > 0);

        assertEquals(0, ((Number) Api.sqlValue("select count(*) from access_journal where position <= ?1",
                last.longValue())).intValue());
        JsonPath verified = officer().get("/access-journal/verify").then().statusCode(200).extract().jsonPath();
        assertTrue(verified.getBoolean("intact"), verified.prettify());
        assertTrue(verified.getLong("purgedThrough") >= last.longValue(), verified.prettify());
        assertFalse(verified.getString("anchorHash").equals("0".repeat(64)));
        assertEquals(1, journal(Map.of("subjectId", subjectId + "-later")).getInt("total"));
        assertEquals(0, purge.purge(), "nothing more is a year old");
    }
}
