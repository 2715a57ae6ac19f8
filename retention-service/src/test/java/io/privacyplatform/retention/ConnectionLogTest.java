package io.privacyplatform.retention;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection logs (policy section 8): IP addresses stored encrypted, purged one year after each connection. */
@QuarkusTest
class ConnectionLogTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String IPV4 = "203.0.113.42";
    private static final String IPV6 = "2001:db8::8a2e:370:7334";

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    private final String subject = "usr-" + UUID.randomUUID();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String entry(String ip, Instant at) {
        return "{\"subjectId\":\"" + subject + "\",\"ip\":\"" + ip + "\",\"at\":\"" + at + "\",\"kind\":\"login\"}";
    }

    @Test
    void addressesAreStoredEncryptedAndShownToTheSubjectOnly() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Api.connectionLogs("{\"entries\":[" + entry(IPV4, now.minus(1, ChronoUnit.HOURS)) + "," + entry(IPV6, now) + "]}")
                .statusCode(201).body("stored", equalTo(2));

        assertEquals(2, Db.count(dataSource, "select count(*) from connection_log where subject_id = ?", subject));
        assertEquals(0, Db.count(dataSource, "select count(*) from connection_log where subject_id = ? "
                + "and (ip_encrypted like '%203.0.113%' or ip_encrypted like '%2001:db8%' or ip_encrypted not like 'v1.%')", subject));

        given().auth().oauth2(TestTokens.dataSubject(subject)).get("/subjects/{id}/export", subject).then().statusCode(200)
                .body("connectionLogs.ipAddress", containsInAnyOrder(IPV4, IPV6))
                .body("held.find { it.purpose == 'connection-logs' }.why", containsString("1 year"));
        Api.clocks(subject).body("connectionLogs.count", equalTo(2))
                .body("connectionLogs.nextPurgeAt", equalTo(now.minus(1, ChronoUnit.HOURS).atOffset(java.time.ZoneOffset.UTC)
                        .plusYears(1).toInstant().toString()))
                .body("purposes.find { it.purpose == 'connection-logs' }.rule.code", equalTo("connection-data-one-year"));
        given().auth().oauth2(TestTokens.dataSubject("usr-other")).get("/subjects/{id}/export", subject).then()
                .statusCode(403).body(not(containsString(IPV4)));
    }

    @Test
    void badEntriesRejectTheWholeBatchWithoutEchoingThem() {
        Instant now = clock.instant();
        Api.connectionLogs("{\"entries\":[" + entry("198.51.100.7", now) + "," + entry("999.1.1.1", now) + ","
                        + entry("host.example.org", now) + "," + entry(IPV4, now.plus(1, ChronoUnit.DAYS)) + ","
                        + entry(IPV4, now.minus(400, ChronoUnit.DAYS)) + "]}")
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("entries[1].ip", "entries[2].ip", "entries[3].at", "entries[4].at"))
                .body(not(containsString("999.1.1.1"))).body(not(containsString("example.org")));
        assertEquals(0, Db.count(dataSource, "select count(*) from connection_log where subject_id = ?", subject));

        Api.connectionLogs("{\"entries\":[]}").statusCode(400);
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType("application/json")
                .body("{\"entries\":[" + entry(IPV4, now) + "]}").post("/connection-logs").then().statusCode(403);
    }

    @Test
    void everySweepPurgesWhatIsOlderThanOneYear() {
        Instant almostAYear = clock.instant().minus(364, ChronoUnit.DAYS);
        Api.connectionLogs("{\"entries\":[" + entry(IPV4, almostAYear) + "]}").statusCode(201);
        Api.sweep(false).statusCode(200);
        assertEquals(1, Db.count(dataSource, "select count(*) from connection_log where subject_id = ?", subject));

        clock.advance(Duration.ofDays(2));
        Api.sweep(true).statusCode(200).body("connectionLogsPurged", greaterThanOrEqualTo(1));
        assertEquals(1, Db.count(dataSource, "select count(*) from connection_log where subject_id = ?", subject),
                "a dry run purges nothing");
        Api.sweep(false).statusCode(200).body("connectionLogsPurged", greaterThanOrEqualTo(1));
        assertEquals(0, Db.count(dataSource, "select count(*) from connection_log where subject_id = ?", subject));
    }

    @Test
    void anErasureOrderKeepsConnectionLogsUnderTheLegalObligation() {
        Api.register(subject, "account-registration").statusCode(201);
        Api.connectionLogs("{\"entries\":[" + entry(IPV4, clock.instant()) + "]}").statusCode(201);
        ErasureEvents erasures = new ErasureEvents(kafka, WAIT);
        ErasureOrdered order = ErasureEvents.order(subject, ErasureEvents.everySystem());
        erasures.publish(order);
        ConsumerRecord<String, String> record = erasures.awaitConfirmation(order, Systems.RETENTION);
        ErasureConfirmed confirmed = ErasureEvents.confirmed(record);
        assertEquals("PARTIALLY_ERASED", confirmed.outcome().name());
        assertEquals("connection-logs", confirmed.retained().get(0).dataCategory());
        assertTrue(confirmed.retained().get(0).legalBasis().contains("LCEN"));
        assertEquals(1, confirmed.notices().size());
        assertFalse(record.value().contains(IPV4));
        assertEquals(1, Db.count(dataSource, "select count(*) from connection_log where subject_id = ?", subject));
        assertEquals(0, Db.count(dataSource, "select count(*) from inventory_entry where subject_id = ?", subject));
    }
}
