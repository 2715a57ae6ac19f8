package io.privacyplatform.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.view;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * request-service's own retention (retention-policy.yaml, rules heldBy request-service), through the real stack and
 * the test clock: the day before and the day after each boundary, a purge run through POST /purges.
 */
@QuarkusTest
class OwnRetentionTest {

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Inject
    TestClock clock;

    private final String subjectId = "usr-purge-" + UUID.randomUUID();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private JsonPath purgeAt(Instant at) {
        clock.moveTo(at);
        return officer().post("/purges").then().statusCode(200).extract().jsonPath();
    }

    private static Instant plusMonths(Instant t, int months) {
        return t.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    private static Instant plusYears(Instant t, int years) {
        return t.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
    }

    private static Instant dayBefore(Instant t) {
        return t.minus(1, ChronoUnit.DAYS);
    }

    private static Instant dayAfter(Instant t) {
        return t.plus(1, ChronoUnit.DAYS);
    }

    private static Object column(String column, String table, String id) {
        return Api.sqlValue("select " + column + " from " + table + " where " + (table.equals("data_subject_request") ? "id" : "request_id")
                + " = ?1", UUID.fromString(id));
    }

    private static long count(String statement, Object... parameters) {
        return ((Number) Api.sqlValue(statement, parameters)).longValue();
    }

    /** A timestamptz as the JDBC driver returns it through Hibernate. */
    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }

    private static Instant closedAt(String id) {
        return Instant.parse(view(id).extract().path("closedAt"));
    }

    @Test
    void aClosedRequestsBodyGoesAfterThreeMonthsAndItsProofAfterFiveYearsStillVerifyingMeanwhile() throws Exception {
        String erasure = file(subjectId, "{\"type\":\"ERASURE\",\"details\":\"Please forget my account\"}");
        approve(erasure).statusCode(200);
        String orderId = new ObjectMapper().readTree(kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), Duration.ofSeconds(30)).value()).get("orderId").asText();
        ErasureEvents erasures = new ErasureEvents(kafka, Duration.ofSeconds(30));
        for (String system : List.of("consent", "retention", "stripe", "hubspot", "openai", "account-database")) {
            erasures.publish(new ErasureConfirmed(UUID.fromString(orderId), UUID.fromString(erasure), subjectId, system,
                    ErasureOutcome.ERASED, List.of(), List.of(), List.of(), Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> view(erasure).body("status", equalTo("COMPLETED")));
        String rectification = officer().body("""
                {"subjectId":"%s","identityCheck":{"method":"ID_DOCUMENT","note":"Passport seen at the desk"},
                 "request":{"type":"RECTIFICATION","corrections":[{"field":"last-name","value":"Martin"}]}}""".formatted(subjectId))
                .post("/requests/on-behalf").then().statusCode(201).extract().path("id");
        assertNotNull(column("identity_check_ct", "data_subject_request", rectification));
        officer().body("{\"ground\":\"MANIFESTLY_UNFOUNDED\",\"text\":\"Your name is already Martin.\"}")
                .post("/requests/{id}/reject", rectification).then().statusCode(200);
        Instant closed = closedAt(erasure);
        Instant rejected = closedAt(rectification);

        purgeAt(dayBefore(plusMonths(closed, 3)));
        assertNotNull(column("details_ct", "data_subject_request", erasure));
        view(erasure).body("details.details", equalTo("Please forget my account"));

        JsonPath run = purgeAt(dayAfter(plusMonths(rejected, 3)));
        assertEquals("ON_DEMAND", run.getString("trigger"));
        assertEquals(io.privacyplatform.policy.Register.readRetentionPolicy().version(), run.getString("policyVersion"));
        for (String id : List.of(erasure, rectification)) {
            assertNull(column("details_ct", "data_subject_request", id), "the body is gone");
            assertNull(column("identity_check_ct", "data_subject_request", id), "the identity-check note is gone");
            assertNotNull(column("body_purged_at", "data_subject_request", id));
            view(id).body("details", nullValue()).body("notices.kind", hasItem("BODY_DELETED"));
            as(subjectId).get("/requests/{id}/audit/verify", id).then().statusCode(200)
                    .body("intact", equalTo(true)).body("broken.size()", equalTo(0));
        }
        // The proof stays: the receipt, the decision and its ground, the reasons given.
        as(subjectId).get("/requests/{id}/receipt", erasure).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("systems.system", hasItems("stripe", "hubspot", "account-database"));
        view(rectification).body("status", equalTo("REJECTED")).body("rejection.ground", equalTo("MANIFESTLY_UNFOUNDED"))
                .body("rejection.text", equalTo("Your name is already Martin."));
        Api.rectificationReader().get("/requests/{id}/rectification", rectification).then().statusCode(409);
        // The subject's access export says the body went, and when, within the published schema.
        ExportPeers.everySlice(subjectId);
        String access = file(subjectId, "{\"type\":\"ACCESS\"}");
        approve(access).statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "READY".equals(as(subjectId)
                .get("/requests/{id}/export/status", access).then().statusCode(200).extract().path("status")));
        String href = as(subjectId).post("/requests/{id}/export/link", access).then().statusCode(201).extract().path("href");
        as(subjectId).get(href).then().statusCode(200)
                .body("requests.find { it.requestId == '" + erasure + "' }.details.type", equalTo("ERASURE"))
                .body("requests.find { it.requestId == '" + erasure + "' }.details.retentionRule", equalTo("request-bodies-after-closing"))
                .body("requests.find { it.requestId == '" + erasure + "' }.status", equalTo("COMPLETED"));

        purgeAt(dayBefore(plusYears(closed, 5)));
        assertEquals(1L, count("select count(*) from data_subject_request where id = ?1", UUID.fromString(erasure)));
        as(subjectId).get("/requests/{id}/audit/verify", erasure).then().statusCode(200).body("intact", equalTo(true));

        run = purgeAt(dayAfter(plusYears(rejected, 5)));
        for (String id : List.of(erasure, rectification)) {
            UUID requestId = UUID.fromString(id);
            assertEquals(0L, count("select count(*) from data_subject_request where id = ?1", requestId));
            assertEquals(0L, count("select count(*) from request_audit where request_id = ?1", requestId), "the chain goes with it");
            officer().get("/requests/{id}", id).then().statusCode(404);
        }
        assertEquals(0L, count("select count(*) from erasure_confirmation where request_id = ?1", UUID.fromString(erasure)));
        assertTrue(run.getInt("counts.'request-accountability'.'request-record'") >= 2);
        assertTrue(run.getInt("counts.'request-accountability'.'audit-chain'") >= 11);
        officer().get("/purges").then().statusCode(200).body("[0].id", equalTo(run.getString("id")))
                .body("[0].counts.'request-bodies-after-closing'.'request-body'", notNullValue());
    }

    @Test
    void anExportDocumentGoesOnceItsLinkExpiresOrWhenALinkNobodyAskedForWouldHave() {
        String linked = "ds-export-" + UUID.randomUUID();
        String unlinked = "ds-export-" + UUID.randomUUID();
        ExportPeers.everySlice(linked);
        ExportPeers.everySlice(unlinked);
        String linkedId = file(linked, "{\"type\":\"ACCESS\"}");
        String unlinkedId = file(unlinked, "{\"type\":\"PORTABILITY\"}");
        approve(linkedId).statusCode(200);
        approve(unlinkedId).statusCode(200);
        for (String[] export : new String[][] {{linked, linkedId}, {unlinked, unlinkedId}}) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "READY".equals(as(export[0])
                    .get("/requests/{id}/export/status", export[1]).then().statusCode(200).extract().path("status")));
        }
        String href = as(linked).post("/requests/{id}/export/link", linkedId).then().statusCode(201).extract().path("href");
        Instant linkExpires = Instant.parse(as(linked).get("/requests/{id}/export/status", linkedId).then().extract().path("linkExpiresAt"));
        Instant ready = Instant.parse(as(unlinked).get("/requests/{id}/export/status", unlinkedId).then().extract().path("readyAt"));
        Instant unlinkedExpires = ready.plus(Duration.ofDays(7));

        purgeAt(dayBefore(linkExpires));
        assertNotNull(column("document_ct", "export_job", linkedId));
        assertNotNull(column("document_ct", "export_job", unlinkedId));
        as(linked).get(href).then().statusCode(200);

        purgeAt(dayAfter(linkExpires.isAfter(unlinkedExpires) ? linkExpires : unlinkedExpires));
        for (String[] export : new String[][] {{linked, linkedId}, {unlinked, unlinkedId}}) {
            assertNull(column("document_ct", "export_job", export[1]), "the document is gone");
            assertEquals("EXPIRED", column("status", "export_job", export[1]));
            as(export[0]).get("/requests/{id}/export/status", export[1]).then().statusCode(200).body("status", equalTo("EXPIRED"));
            as(export[0]).post("/requests/{id}/export/link", export[1]).then().statusCode(410)
                    .body("detail", containsString("export-document-expired"));
            view(export[1]).body("notices.kind", hasItem("EXPORT_DELETED")).body("notices.kind", not(hasItem("EXPORT_READY")));
        }
        as(linked).get(href).then().statusCode(410);
    }

    @Test
    void anEmailFilingNeverVerifiedGoesWhenItsCodeExpires() {
        String ip = "10.77." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
        String filing = given().contentType(ContentType.JSON).header("X-Forwarded-For", ip)
                .body(Map.of("email", "purge." + UUID.randomUUID() + "@example.fr", "type", "ERASURE", "details", "forget me"))
                .post("/requests/by-email").then().statusCode(202).extract().path("id");
        UUID filingId = UUID.fromString(filing);
        Instant expires = instant(Api.sqlValue("select expires_at from email_filing where id = ?1", filingId));

        // The code lives minutes, not days: the minute before and the minute after.
        purgeAt(expires.minus(1, ChronoUnit.MINUTES));
        assertEquals(1L, count("select count(*) from email_filing where id = ?1", filingId));
        purgeAt(expires.plus(1, ChronoUnit.MINUTES));
        assertEquals(0L, count("select count(*) from email_filing where id = ?1", filingId));
    }

    @Test
    void directivesStayUntilRevokedThenTheirRecordFollowsTheAccountabilityRule() {
        String recorded = file(subjectId, """
                {"type":"POST_MORTEM_DIRECTIVES","action":"RECORD","directive":"TRANSMIT",
                 "designatedPerson":{"name":"Jeanne Dupont","email":"jeanne@example.fr","relationship":"sister"}}""");
        approve(recorded).statusCode(200).body("status", equalTo("COMPLETED"));
        Instant recordedClosed = closedAt(recorded);

        // Years later the directives are in force: kept, and so is the request that recorded them (its body goes).
        purgeAt(dayAfter(plusYears(recordedClosed, 5)));
        assertNotNull(Api.sqlValue("select details_ct from post_mortem_directive where subject_id = ?1", subjectId));
        assertEquals(1L, count("select count(*) from data_subject_request where id = ?1", UUID.fromString(recorded)));
        assertNull(column("details_ct", "data_subject_request", recorded));
        clock.reset();

        String revoked = file(subjectId, "{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"REVOKE\"}");
        approve(revoked).statusCode(200).body("status", equalTo("COMPLETED"));
        Instant ended = instant(Api.sqlValue("select ended_at from post_mortem_directive where subject_id = ?1", subjectId));
        assertEquals("REVOKED", Api.sqlValue("select end_reason from post_mortem_directive where subject_id = ?1", subjectId));
        // Revoked, they are no longer in force: there is nothing left to revoke.
        as(subjectId).body("{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"REVOKE\"}").post("/requests").then().statusCode(409);

        purgeAt(ended.plus(1, ChronoUnit.HOURS));
        assertNull(Api.sqlValue("select details_ct from post_mortem_directive where subject_id = ?1", subjectId), "the directives are gone");

        purgeAt(dayBefore(plusYears(ended, 5)));
        assertEquals(1L, count("select count(*) from post_mortem_directive where subject_id = ?1", subjectId));
        assertEquals(1L, count("select count(*) from data_subject_request where id = ?1", UUID.fromString(recorded)),
                "the request that recorded them is kept as long as their record");

        purgeAt(dayAfter(plusYears(ended, 5)));
        assertEquals(0L, count("select count(*) from post_mortem_directive where subject_id = ?1", subjectId));
        assertEquals(0L, count("select count(*) from data_subject_request where id in (?1, ?2)", UUID.fromString(recorded),
                UUID.fromString(revoked)));
    }

    @Test
    void directivesExecutedByAnHeirsRequestEndThere() {
        String recorded = file(subjectId, "{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"RECORD\",\"directive\":\"KEEP\"}");
        approve(recorded).statusCode(200);
        String heir = Api.fileOnBehalf(subjectId, "PROOF_OF_DEATH_AND_HEIRSHIP", RequestTypesTest.heir("SUCCESSION_INFORMATION"));
        purgeAt(Instant.now().plus(1, ChronoUnit.DAYS));
        assertNotNull(Api.sqlValue("select details_ct from post_mortem_directive where subject_id = ?1", subjectId),
                "an heir's request still open has not executed them");
        clock.reset();

        approve(heir).statusCode(200).body("status", equalTo("COMPLETED"));
        assertEquals("EXECUTED", Api.sqlValue("select end_reason from post_mortem_directive where subject_id = ?1", subjectId));
        assertEquals(UUID.fromString(heir), Api.sqlValue("select ended_by from post_mortem_directive where subject_id = ?1", subjectId));
        Instant ended = instant(Api.sqlValue("select ended_at from post_mortem_directive where subject_id = ?1", subjectId));
        purgeAt(ended.plus(1, ChronoUnit.HOURS));
        assertNull(Api.sqlValue("select details_ct from post_mortem_directive where subject_id = ?1", subjectId));
    }

    @Test
    void oneReplicaPurgesAtATime() {
        QuarkusTransaction.requiringNew().run(() -> {
            CDI.current().select(EntityManager.class).get().createNativeQuery("select pg_advisory_xact_lock(?1)")
                    .setParameter(1, 0x7265712d70757267L).getSingleResult();
            officer().post("/purges").then().statusCode(409).body("detail", containsString("Another purge is running"));
        });
        officer().post("/purges").then().statusCode(200);
        as(subjectId).post("/purges").then().statusCode(403);
    }

    @Test
    void theRegisterShowsEachRuleAsThePurgeEnforcesIt() {
        given().accept(ContentType.JSON).get("/register").then().statusCode(200)
                .body("retentionRules.find { it.code == 'request-accountability' }.period", equalTo("P5Y"))
                .body("retentionRules.find { it.code == 'request-accountability' }.heldBy", equalTo("request-service"))
                .body("retentionRules.find { it.code == 'request-accountability' }.legalReference", containsString("2224"))
                .body("retentionRules.find { it.code == 'request-accountability' }.anchors", equalTo(List.of("request-closed", "directive-ended")))
                .body("retentionRules.find { it.code == 'request-accountability' }.records", hasItems("audit-chain", "erasure-receipt"))
                .body("retentionRules.find { it.code == 'request-bodies-after-closing' }.period", equalTo("P3M"))
                .body("retentionRules.find { it.code == 'export-document-expired' }.anchors", equalTo(List.of("export-link-expired")))
                .body("retentionRules.find { it.code == 'email-filing-unverified' }.records", equalTo(List.of("unverified-email-filing")))
                .body("retentionRules.find { it.code == 'post-mortem-directives' }.anchors", equalTo(List.of("directive-ended")))
                .body("retentionRules.find { it.code == 'accounting-ten-years' }.heldBy", nullValue());
    }
}
