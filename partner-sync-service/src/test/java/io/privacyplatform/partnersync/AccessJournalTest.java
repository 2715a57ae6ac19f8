package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.PartnerProxies;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * partner-sync's access journal (policy §10): the live read of what the partners hold on a subject and an operator's
 * retry of a dead task, each once with the token's subject and client; the officer's read of the journal is
 * journaled; the chain verifies.
 */
@QuarkusTest
class AccessJournalTest extends ErasureTestBase {

    /** request-service assembling an access export. */
    private static final String EXPORTER_CLIENT = "request-service";
    private static final String EXPORTER_SUB = "service-account-request-service";
    private static final String OPERATOR_ID = "ops-journal";

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
    void theLiveExportAndATaskRetryAreJournaledOnceEachWithTheirActorAndClient() {
        String subject = "usr_" + unique();
        String file = "file-" + unique();
        sandbox.seedOpenAiObject("file", file);
        register(subject, Systems.OPENAI, "file", file, "ai-assistant");
        proxies.failNext(Partner.OPENAI, file, 1, PartnerProxies.json(400,
                "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_value\"}}"));
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.OPENAI), List.of());
        erasures.publish(order);
        assertEquals(ErasureOutcome.FAILED, awaitConfirmations(order.orderId(), 1).get(0).outcome());

        given().auth().oauth2(TestTokens.token(EXPORTER_SUB, TestTokens.SUBJECT_EXPORT_READER, EXPORTER_CLIENT))
                .get("/subjects/{id}/export", subject).then().statusCode(200);
        given().auth().oauth2(TestTokens.token(OPERATOR_ID, TestTokens.OPERATOR))
                .post("/tasks/{id}/retry", task(file).id).then().statusCode(200);

        assertEquals(List.of(
                "READ null [partner-live-data] token:" + EXPORTER_SUB + " " + EXPORTER_CLIENT + " GET /subjects/{subjectId}/export",
                "DECISION retry [decision, partner-task] token:" + OPERATOR_ID + " privacy-console POST /tasks/{id}/retry"),
                entriesOf(subject));
        assertEquals("READ null [access-journal] token:dpo-1 privacy-console GET /access-journal", entriesOf(subject).get(2));
        officer().get("/access-journal/verify").then().statusCode(200).body("intact", equalTo(true));
        given().auth().oauth2(TestTokens.token(OPERATOR_ID, TestTokens.OPERATOR)).get("/access-journal").then().statusCode(403);
    }
}
