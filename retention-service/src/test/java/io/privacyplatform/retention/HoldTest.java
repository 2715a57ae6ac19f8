package io.privacyplatform.retention;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Legal holds: placed and lifted by the privacy officer, they block expiry erasure and survive erasure orders. */
@QuarkusTest
class HoldTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REASON = "Litigation with the subject, Tribunal de commerce de Romans, case 26/114";

    @Inject
    DataSource dataSource;

    @Inject
    TestClock clock;

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private ErasureEvents erasures;
    private final String subject = "held-" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        erasures = new ErasureEvents(kafka, WAIT);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    private Instant yearsAgo(int years) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).minusYears(years).toInstant();
    }

    @Test
    void aLiftedHoldLetsTheNextSweepOrderTheErasure() {
        Api.register(subject, "prospection", "collectedAt", yearsAgo(5), "lastActivityAt", yearsAgo(4)).statusCode(201);
        String holdId = Api.placeHold("{\"subjectId\":\"" + subject + "\",\"allPurposes\":true,\"reason\":\"" + REASON + "\"}")
                .statusCode(201)
                .body("active", equalTo(true))
                .body("placedBy", equalTo(TestTokens.PRIVACY_OFFICER_ID))
                .body("reason", equalTo(REASON))
                .extract().path("id");
        Api.sweep(false).statusCode(200);
        assertEquals(0, Db.ordersInOutbox(dataSource, subject));
        Api.clocks(subject).body("status", equalTo("HELD")).body("purposes[0].held", equalTo(true))
                .body("activeHolds[0].id", equalTo(holdId))
                .body(not(containsString("Litigation")));

        Api.liftHold(holdId).statusCode(200).body("active", equalTo(false)).body("liftedBy", equalTo(TestTokens.PRIVACY_OFFICER_ID));
        Api.liftHold(holdId).statusCode(409).contentType("application/problem+json");
        Api.sweep(false).statusCode(200);
        assertEquals(1, Db.ordersInOutbox(dataSource, subject));
    }

    @Test
    void aHoldThatEndsLetsTheNextSweepOrderTheErasure() {
        Api.register(subject, "billing", "collectedAt", yearsAgo(13), "lastActivityAt", yearsAgo(11)).statusCode(201);
        Instant until = clock.instant().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"purposes\":[\"billing\"],\"reason\":\"Tax audit\",\"until\":\""
                + until + "\"}").statusCode(201).body("purposes", contains("billing")).body("until", equalTo(until.toString()));
        Api.sweep(false).statusCode(200);
        assertEquals(0, Db.ordersInOutbox(dataSource, subject));

        clock.advance(Duration.ofDays(3));
        Api.clocks(subject).body("status", equalTo("DUE"));
        Api.sweep(false).statusCode(200);
        assertEquals(1, Db.ordersInOutbox(dataSource, subject));
    }

    @Test
    void overlappingHoldsAreRefused() {
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"purposes\":[\"billing\",\"collections-and-disputes\"],\"reason\":\"Audit\"}")
                .statusCode(201);
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"purposes\":[\"billing\"],\"reason\":\"Another\"}")
                .statusCode(409).contentType("application/problem+json").body("detail", containsString("covers"));
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"allPurposes\":true,\"reason\":\"Another\"}").statusCode(409);
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"purposes\":[\"account-registration\"],\"reason\":\"Separate\"}")
                .statusCode(201);
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject).get("/holds").then()
                .statusCode(200).body("size()", equalTo(2));
    }

    @Test
    void badHoldsAreProblems() {
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"purposes\":[\"shoe-shopping\"],\"reason\":\"x\"}")
                .statusCode(400).body("errors[0].field", equalTo("purposes")).body(not(containsString("shoe-shopping")));
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"allPurposes\":true,\"purposes\":[\"billing\"],\"reason\":\"x\"}")
                .statusCode(400).body("errors[0].field", equalTo("purposes"));
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"reason\":\"x\"}").statusCode(400);
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"allPurposes\":true}").statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        Api.placeHold("{\"subjectId\":\"" + subject + "\",\"allPurposes\":true,\"reason\":\"x\",\"until\":\""
                + Instant.now().minus(1, ChronoUnit.DAYS) + "\"}").statusCode(422).body("errors[0].field", equalTo("until"));
        Api.liftHold(UUID.randomUUID().toString()).statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.holdReader()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subject + "\",\"allPurposes\":true,\"reason\":\"x\"}").post("/holds").then()
                .statusCode(403);
    }

    @Test
    void anErasureOrderKeepsWhatAHoldCovers() throws Exception {
        Api.register(subject, "billing", "collectedAt", yearsAgo(2)).statusCode(201);
        Api.register(subject, "account-registration", "collectedAt", yearsAgo(2)).statusCode(201);
        String holdId = Api.placeHold("{\"subjectId\":\"" + subject + "\",\"purposes\":[\"billing\"],\"reason\":\"" + REASON + "\"}")
                .statusCode(201).extract().path("id");

        ErasureOrdered order = ErasureEvents.order(subject, ErasureEvents.everySystem());
        erasures.publish(order);
        ConsumerRecord<String, String> record = erasures.awaitConfirmation(order, Systems.RETENTION);
        ErasureConfirmed confirmed = ErasureEvents.confirmed(record);
        assertEquals("PARTIALLY_ERASED", confirmed.outcome().name());
        assertEquals(1, confirmed.retained().size());
        assertEquals(Systems.RETENTION, confirmed.retained().get(0).system());
        assertEquals("inventory:billing", confirmed.retained().get(0).dataCategory());
        assertEquals("1 rows", confirmed.evidence().get(0).objectId());
        assertFalse(record.value().contains("Litigation"), "the hold's reason stays out of Kafka");
        org.junit.jupiter.api.Assertions.assertTrue(record.value().contains(holdId), "the exemption names the hold");

        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject).get("/inventory").then()
                .statusCode(200).body("entries.purpose", contains("billing"));
    }
}
