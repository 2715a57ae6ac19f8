package io.privacyplatform.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.privacyplatform.request.Api.ACCESS;
import static io.privacyplatform.request.Api.ERASURE;
import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.view;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail is append-only and tamper-evident: whoever edits, re-hashes or removes an entry with SQL is
 * found when the chain is recomputed; the service's hashes are the ones the SQL function computes.
 */
@QuarkusTest
class AuditTrailTest {

    private final String subjectId = "usr-" + UUID.randomUUID();

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Test
    void aWholeLifecycleVerifiesAndAnAuditorRecomputesEveryHashWithSql() throws Exception {
        String id = file(subjectId, ERASURE);
        // A staff id outside ASCII: the canonical form counts UTF-8 bytes, in Java and in SQL alike.
        io.restassured.RestAssured.given().auth().oauth2(io.privacyplatform.testkit.TestTokens.token("dpo-Élise-✓", "privacy-officer"))
                .post("/requests/{id}/approve", id).then().statusCode(200).body("history[1].actor", equalTo("dpo-Élise-✓"));
        String orderId = new ObjectMapper().readTree(kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), Duration.ofSeconds(30)).value()).get("orderId").asText();
        ErasureEvents erasures = new ErasureEvents(kafka, Duration.ofSeconds(30));
        for (String system : List.of("consent", "retention", "stripe", "hubspot", "openai", "account-database")) {
            erasures.publish(new ErasureConfirmed(UUID.fromString(orderId), UUID.fromString(id), subjectId, system,
                    ErasureOutcome.ERASED, List.of(), List.of(), List.of(), Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> view(id).body("status", equalTo("COMPLETED")));

        as(subjectId).get("/requests/{id}/audit/verify", id).then().statusCode(200)
                .body("intact", equalTo(true)).body("requests", equalTo(1)).body("entries", equalTo(9))
                .body("broken.size()", equalTo(0));
        UUID requestId = UUID.fromString(id);
        assertEquals(9L, count("select count(*) from request_audit where request_id = ?1 and hash = request_audit_hash("
                + "request_id, seq, kind, from_status, to_status, actor, at, note, previous_hash)", requestId));
        assertEquals(1L, count("select count(*) from data_subject_request r where id = ?1 and audit_length = 9 and audit_head = "
                + "(select hash from request_audit a where a.request_id = r.id and a.seq = 9)", requestId));
    }

    @Test
    void theApplicationCannotChangeOrRemoveAnEntry() {
        String id = file(subjectId, ACCESS);
        Exception update = assertThrows(Exception.class, () ->
                Api.sql("update request_audit set note = 'nothing happened' where request_id = ?1", UUID.fromString(id)));
        assertTrue(rootMessage(update).contains("append-only"), rootMessage(update));
        Exception delete = assertThrows(Exception.class, () ->
                Api.sql("delete from request_audit where request_id = ?1", UUID.fromString(id)));
        assertTrue(rootMessage(delete).contains("append-only"), rootMessage(delete));
        verify(id).body("intact", equalTo(true));
    }

    @Test
    void anEntryEditedWithSqlBreaksTheChainThereAndTheOfficersGlobalCheckFindsIt() {
        String tampered = threeEntries();
        String intact = threeEntries();
        // Someone with rights on the table switches the trigger off and rewrites who approved.
        bypassingTheTrigger("update request_audit set actor = 'dpo-2' where request_id = '" + tampered + "' and seq = 2");

        verify(tampered).body("intact", equalTo(false))
                .body("broken[0].requestId", equalTo(tampered))
                .body("broken[0].seq", equalTo(2))
                .body("broken[0].reason", equalTo("its content does not match its hash"));
        verify(intact).body("intact", equalTo(true));
        officer().get("/requests/audit/verify").then().statusCode(200)
                .body("intact", equalTo(false))
                .body("broken.requestId", hasItem(tampered))
                .body("broken.requestId", not(hasItem(intact)))
                .body("broken.find { it.requestId == '" + tampered + "' }.seq", equalTo(2));
    }

    @Test
    void anEditedEntryWhoseOwnHashWasRecomputedIsFoundAtTheNextEntry() {
        String id = threeEntries();
        bypassingTheTrigger("update request_audit set kind = 'REJECTED', hash = request_audit_hash(request_id, seq, 'REJECTED', "
                + "from_status, to_status, actor, at, note, previous_hash) where request_id = '" + id + "' and seq = 2");
        verify(id).body("intact", equalTo(false))
                .body("broken[0].seq", equalTo(3))
                .body("broken[0].reason", containsString("previous hash is not the hash of entry 2"));
    }

    @Test
    void removedEntriesAreFoundWhetherAtTheEndOrInTheMiddle() {
        String truncated = threeEntries();
        bypassingTheTrigger("delete from request_audit where request_id = '" + truncated + "' and seq = 3");
        verify(truncated).body("intact", equalTo(false))
                .body("broken[0].seq", equalTo(3))
                .body("broken[0].reason", containsString("entries were removed after entry 2"));

        String gap = threeEntries();
        bypassingTheTrigger("delete from request_audit where request_id = '" + gap + "' and seq = 2");
        verify(gap).body("intact", equalTo(false))
                .body("broken[0].seq", equalTo(2))
                .body("broken[0].reason", equalTo("entry 2 is missing"));
    }

    /** FILED, APPROVED, EXTENDED. */
    private String threeEntries() {
        String id = file(subjectId, ACCESS);
        approve(id).statusCode(200);
        officer().body("{\"months\":1,\"reason\":\"collecting partner data\"}").post("/requests/{id}/extend", id).then().statusCode(200);
        verify(id).body("intact", equalTo(true)).body("entries", equalTo(3));
        return id;
    }

    private static io.restassured.response.ValidatableResponse verify(String id) {
        return officer().get("/requests/{id}/audit/verify", id).then().statusCode(200);
    }

    private static void bypassingTheTrigger(String statement) {
        Api.sqlInOneTransaction("alter table request_audit disable trigger request_audit_append_only", statement,
                "alter table request_audit enable trigger request_audit_append_only");
    }

    private static long count(String sql, Object... parameters) {
        return ((Number) Api.sqlValue(sql, parameters)).longValue();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
