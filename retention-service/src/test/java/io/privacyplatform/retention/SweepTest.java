package io.privacyplatform.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.policy.Register;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweeps through the real database and broker: who is ordered, once, through the outbox, and who is not. */
@QuarkusTest
class SweepTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    private Instant yearsAgo(int years, int extraDays) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).minusYears(years)
                .minusDays(extraDays).toInstant();
    }

    @Test
    void aProspectContactedThreeYearsAndOneDayAgoIsOrderedForErasureOneContactedTwoYearsAgoIsNotNorAHeldOne() throws Exception {
        String expired = "prospect-" + UUID.randomUUID();
        String recent = "prospect-" + UUID.randomUUID();
        String held = "prospect-" + UUID.randomUUID();
        Api.register(expired, "prospection", "collectedAt", yearsAgo(4, 0), "lastActivityAt", yearsAgo(3, 1)).statusCode(201);
        Api.register(recent, "prospection", "collectedAt", yearsAgo(4, 0), "lastActivityAt", yearsAgo(2, 0)).statusCode(201);
        Api.register(held, "prospection", "collectedAt", yearsAgo(4, 0), "lastActivityAt", yearsAgo(3, 1)).statusCode(201);
        Api.placeHold("{\"subjectId\":\"" + held + "\",\"allPurposes\":true,\"reason\":\"Pending litigation, case 2026-114\"}")
                .statusCode(201);

        Response sweep = Api.sweep(false).statusCode(200)
                .body("dryRun", equalTo(false))
                .body("trigger", equalTo("ON_DEMAND"))
                .body("requestedBy", equalTo(TestTokens.PRIVACY_OFFICER_ID))
                .body("startedAt", notNullValue())
                .body("finishedAt", notNullValue())
                .body("subjectsOrdered", greaterThanOrEqualTo(1))
                .body("countsByRule.prospection-three-years", greaterThanOrEqualTo(1))
                .extract().response();

        ConsumerRecord<String, String> ordered = kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> expired.equals(r.key()), WAIT);
        assertEquals(Events.ERASURE_ORDERED.cloudEventType(), KafkaTestClient.header(ordered, "ce_type"));
        assertEquals("/retention-service", KafkaTestClient.header(ordered, "ce_source"));
        JsonNode order = json.readTree(ordered.value());
        assertEquals("RETENTION_EXPIRED", order.get("reason").asText());
        assertTrue(order.get("requestId").isNull());
        assertEquals(expired, order.get("subjectId").asText());
        // The registry's erase systems, the company's datastores included.
        assertEquals(json.valueToTree(Register.load().expectedSystems("erase")), order.get("expectedSystems"));
        assertTrue(order.get("expectedSystems").toString().contains("account-database"));
        assertTrue(order.get("exemptions").isEmpty());
        Instant.parse(order.get("orderedAt").asText());

        // The service executes its own order like any other: its records go, it confirms.
        ConsumerRecord<String, String> confirmation = kafka.awaitRecord(Events.ERASURE_CONFIRMED.topic(), r ->
                expired.equals(r.key()) && order.get("orderId").asText().equals(ErasureEvents.confirmed(r).orderId().toString()), WAIT);
        ErasureConfirmed confirmed = ErasureEvents.confirmed(confirmation);
        assertEquals(Systems.RETENTION, confirmed.system());
        assertEquals("ERASED", confirmed.outcome().name());
        assertNull(confirmed.requestId());
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(expired).body("status", equalTo("NOTHING_HELD")));

        assertEquals(1, Db.ordersInOutbox(dataSource, expired));
        assertEquals(0, Db.ordersInOutbox(dataSource, recent), "contacted 2 years ago: kept");
        assertEquals(0, Db.ordersInOutbox(dataSource, held), "under a legal hold: kept");
        Api.clocks(held).body("status", equalTo("HELD"));

        String sweepId = sweep.path("id");
        given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).get("/sweeps/{id}", sweepId).then().statusCode(200)
                .body("subjectsOrdered", equalTo(sweep.path("subjectsOrdered")))
                .body("countsByRule.prospection-three-years", greaterThanOrEqualTo(1));
        given().auth().oauth2(TestTokens.privacyOfficer()).get("/sweeps").then().statusCode(200)
                .body("id", hasItem(sweepId));

        // No personal data: the hold's reason never reaches Kafka.
        assertFalse(ordered.value().contains("litigation"));
    }

    @Test
    void aSubjectIsOrderedOnceAcrossSweeps() {
        String expired = "prospect-" + UUID.randomUUID();
        Api.register(expired, "prospection", "collectedAt", yearsAgo(5, 0), "lastActivityAt", yearsAgo(4, 0)).statusCode(201);
        Api.sweep(false).statusCode(200);
        Api.sweep(false).statusCode(200);
        Api.sweep(false).statusCode(200);
        assertEquals(1, Db.ordersInOutbox(dataSource, expired));
    }

    @Test
    void concurrentSweepsOrderEachSubjectOnce() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String subject = "concurrent-" + UUID.randomUUID();
            subjects.add(subject);
            Api.register(subject, "billing", "collectedAt", yearsAgo(12, 0), "lastActivityAt", yearsAgo(11, 0)).statusCode(201);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> sweeps = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sweeps.add(() -> given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).post("/sweeps").then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(sweeps)) {
                statuses.add(status.get());
            }
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409), statuses.toString());
            assertTrue(statuses.contains(200), statuses.toString());
        } finally {
            pool.shutdown();
        }
        // The test profile's sweep reads and writes 2 subjects at a time: 40 of them cross 20 chunks.
        for (String subject : subjects) {
            assertEquals(1, Db.ordersInOutbox(dataSource, subject), "ordered exactly once: " + subject);
            // The service may already have executed the order, which removes its row (the subject is gone).
            assertTrue(orderRows(subject) <= 1, "at most one order row: " + subject);
        }
        // Each order executed once: one confirmation of the service's own erasure, and no order row left.
        await().atMost(WAIT).untilAsserted(() -> {
            for (String subject : subjects) {
                assertEquals(1, Db.count(dataSource, "select count(*) from platform_outbox where topic = ? and record_key = ? "
                        + "and cast(payload as jsonb) ->> 'system' = ?", Events.ERASURE_CONFIRMED.topic(), subject,
                        Systems.RETENTION), "confirmed once by the service: " + subject);
            }
        });
        for (String subject : subjects) {
            assertEquals(0, orderRows(subject), "no order row once erased: " + subject);
        }
    }

    private long orderRows(String subject) {
        return Db.count(dataSource, "select count(*) from retention_order where subject_id = ?", subject);
    }

    @Test
    void aDryRunListsWhatWouldBeErasedAndWhyAndChangesNothing() {
        String expired = "dry-" + UUID.randomUUID();
        Instant lastInvoice = yearsAgo(10, 3);
        Api.register(expired, "billing", "collectedAt", yearsAgo(12, 0), "lastActivityAt", lastInvoice).statusCode(201);

        Response dry = Api.sweep(true).statusCode(200).body("dryRun", equalTo(true)).extract().response();
        assertEquals("accounting-ten-years", dry.path("due.find { it.subjectId == '" + expired + "' }.rule"));
        assertEquals("billing", dry.path("due.find { it.subjectId == '" + expired + "' }.purpose"));
        assertEquals(lastInvoice.atOffset(ZoneOffset.UTC).plusYears(10).toInstant().toString(),
                dry.path("due.find { it.subjectId == '" + expired + "' }.expiredAt"));
        assertTrue(dry.<Integer>path("countsByRule.accounting-ten-years") >= 1);
        assertEquals(0, Db.ordersInOutbox(dataSource, expired));
        assertEquals(0, Db.count(dataSource, "select count(*) from retention_order where subject_id = ?", expired));
        given().auth().oauth2(TestTokens.privacyOfficer()).get("/sweeps/{id}", dry.<String>path("id")).then()
                .statusCode(200).body("dryRun", equalTo(true));
        Api.clocks(expired).body("status", equalTo("DUE"));
    }

    @Test
    void statisticsKeepAnonymizedMonthlyCountsOnly() {
        String expired = "stats-" + UUID.randomUUID();
        // Six years back: a month no other test class collects statistics in, so the count is this test's own.
        Instant collected = yearsAgo(6, 0);
        Api.register(expired, "commercial-statistics", "collectedAt", collected, "lastActivityAt", collected).statusCode(201);
        String month = collected.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).toString();
        long before = Db.count(dataSource,
                "select coalesce(sum(subjects), 0) from retention_statistic where purpose = 'commercial-statistics' and month = cast(? as date)", month);

        Api.sweep(false).statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> Api.clocks(expired).body("status", equalTo("NOTHING_HELD")));

        given().auth().oauth2(TestTokens.privacyOfficer()).get("/statistics").then().statusCode(200)
                .body("find { it.month == '" + month + "' && it.purpose == 'commercial-statistics' }.subjects",
                        equalTo((int) before + 1))
                .body("findAll { it.subjectId != null }", empty());
        assertEquals(0, Db.count(dataSource, "select count(*) from information_schema.columns "
                + "where table_name = 'retention_statistic' and column_name like '%subject_id%'"));
    }

    @Test
    void sweepsAreForThePrivacyOfficerAndOperators() {
        given().auth().oauth2(TestTokens.inventoryRecorder()).post("/sweeps").then().statusCode(403);
        given().auth().oauth2(TestTokens.dataSubject("usr-1")).get("/sweeps").then().statusCode(403);
        given().post("/sweeps").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).get("/sweeps/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
