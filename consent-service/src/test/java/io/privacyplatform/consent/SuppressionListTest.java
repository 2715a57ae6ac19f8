package io.privacyplatform.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After the erasure of a subject who refused marketing only keyed hashes and a date remain, and the contact
 * is never imported again (CNIL opposition list).
 */
@QuarkusTest
class SuppressionListTest {

    @Inject
    DataSource dataSource;

    private final ObjectMapper json = new ObjectMapper();
    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private ErasureEvents erasures;
    private final String subjectId = "usr-" + UUID.randomUUID();
    private final String email = "hugo.petit." + UUID.randomUUID() + "@example.fr";

    @BeforeEach
    void setUp() {
        erasures = new ErasureEvents(kafka, Consents.WAIT);
    }

    @Test
    void anErasedSubjectWhoWithdrewIsSuppressedAndNeverImportedAgain() throws Exception {
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        // The platform gives the address with the withdrawal (authenticated HTTP); only its keyed hash is kept.
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body(Map.of("subjectId", subjectId, "purpose", "marketing-email", "granted", false, "email", email))
                .post("/consents").then().statusCode(201);
        String token = given().auth().oauth2(TestTokens.unsubscribeLinkIssuer()).contentType(ContentType.JSON)
                .body(Map.of("subjectId", subjectId, "purpose", "marketing-email")).post("/unsubscribe-links")
                .then().statusCode(200).extract().path("token");

        ErasureOrdered order = ErasureEvents.order(subjectId, Consents.ERASURE_SYSTEMS);
        erasures.publish(order);
        JsonNode data = json.readTree(erasures.awaitConfirmation(order, Systems.CONSENT).value());
        assertEquals("PARTIALLY_ERASED", data.get("outcome").asText());
        assertEquals(1, data.get("retained").size());
        assertEquals("suppression-list-keyed-hash", data.get("retained").get(0).get("dataCategory").asText());
        assertEquals("consent", data.get("retained").get(0).get("system").asText());
        List<String> deleted = new ArrayList<>();
        data.get("evidence").forEach(e -> deleted.add(e.get("objectType").asText() + "=" + e.get("objectId").asText()));
        assertEquals(List.of("consent-records=2 rows", "consent-states=1 rows", "restrictions=0 rows",
                "unsubscribe-links=1 rows", "email-hashes=1 rows"), deleted);

        // Nothing of the subject is left to read; the link is gone with it.
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subjectId).get("/consents/export").then()
                .statusCode(200).body("ledger", empty()).body("unsubscribeLinks", empty());
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click").post("/unsubscribe/" + token)
                .then().statusCode(404).contentType("application/problem+json");

        // The address is on the list, found by its hash; the answer does not echo addresses.
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body(Map.of("emails", List.of("  " + email.toUpperCase() + " ", "someone.else@example.fr")))
                .post("/suppressions/check").then().statusCode(200)
                .body("checked", equalTo(2)).body("suppressed", equalTo(1))
                .body("results[0].suppressed", equalTo(true)).body("results[0].suppressedOn", equalTo(today))
                .body("results[0].reason", containsString("do not import"))
                .body("results[1].suppressed", equalTo(false)).body("results[1].suppressedOn", nullValue())
                .body(not(containsString("example.fr")));

        // A partner-sourced import of the address under a new id is refused with the reason.
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body(Map.of("subjectId", "usr-" + UUID.randomUUID(), "purpose", "marketing-email", "granted", true,
                        "source", "partner", "partner", "acme", "evidence", "acme:req/9", "email", email))
                .post("/consents").then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("email"))
                .body("detail", containsString("suppression list since " + today))
                .body(not(containsString(email)));
        // So is any grant on the erased subject id.
        Consents.grant(subjectId, "marketing-email").statusCode(409).contentType("application/problem+json")
                .body("title", equalTo("Suppressed contact"));

        // The list holds a keyed hash, a kind and a date: no address, no subject id.
        try (Connection connection = dataSource.getConnection()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = connection.createStatement().executeQuery("select column_name from information_schema.columns"
                    + " where table_name = 'suppression_entry' order by ordinal_position")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            assertEquals(List.of("key_hash", "kind", "suppressed_on"), columns);
            assertEquals(0, count(connection, "select count(*) from suppression_entry where key_hash like '%@%' or key_hash = '"
                    + subjectId + "'"));
        }
    }

    @Test
    void theImportCheckIsForThePlatformOnlyAndRefusesWhatIsNotAnAddress() {
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body(Map.of("emails", List.of(email))).post("/suppressions/check").then().statusCode(403);
        given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body(Map.of("emails", List.of(email, "Jean Dupont"))).post("/suppressions/check").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("emails[1]"))
                .body(not(containsString("Dupont")));
        given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body(Map.of("emails", List.of())).post("/suppressions/check").then().statusCode(200).body("checked", equalTo(0));
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
