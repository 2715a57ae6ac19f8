package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.ManualResolution;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.PartnerProxies;
import io.privacyplatform.sandbox.Partner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations API: listing and reading tasks, retrying a DEAD task to success and resolving one by hand (an erasure's
 * task by a privacy officer only, with a category of evidence), each followed by a new erasure-confirmed for its (order,
 * partner); 409 for tasks that are not DEAD; bad input; roles.
 */
@QuarkusTest
class TaskOperationsTest extends ErasureTestBase {

    private static final String PROBLEM = "application/problem+json";
    private static final String OPERATOR_ID = "ops-7";

    private static RequestSpecification operator() {
        return given().auth().oauth2(TestTokens.token(OPERATOR_ID, TestTokens.OPERATOR));
    }

    private static RequestSpecification officer() {
        return given().auth().oauth2(TestTokens.privacyOfficer());
    }

    /** An order at OpenAI for two files, one answered with a 400: confirmed FAILED, with that task DEAD. */
    private record Failed(ErasureOrdered order, String deadFile, String doneFile, UUID deadTaskId) {
    }

    private Failed failedOpenAiErasure() {
        String subject = "usr_" + unique();
        String deadFile = "file-" + unique();
        String doneFile = "file-" + unique();
        for (String file : List.of(deadFile, doneFile)) {
            sandbox.seedOpenAiObject("file", file);
            register(subject, Systems.OPENAI, "file", file, "ai-assistant");
        }
        proxies.failNext(Partner.OPENAI, deadFile, 1, PartnerProxies.json(400,
                "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_value\"}}"));
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.OPENAI), List.of());
        erasures.publish(order);
        ErasureConfirmed first = awaitConfirmations(order.orderId(), 1).get(0);
        assertEquals(ErasureOutcome.FAILED, first.outcome());
        return new Failed(order, deadFile, doneFile, task(deadFile).id);
    }

    @Test
    void aDeadTaskIsListedShownAndRetriedToSuccessWhichConfirmsAgain() {
        Failed failed = failedOpenAiErasure();
        String id = failed.deadTaskId().toString();

        operator().queryParam("state", "DEAD").queryParam("partner", "openai").queryParam("size", 200)
                .get("/tasks")
                .then().statusCode(200)
                .body("items.id", hasItem(id))
                .body("items.state", everyItem(is("DEAD")))
                .body("items.partner", everyItem(is("openai")))
                .body("page", is(0)).body("size", is(200))
                .body("total", greaterThanOrEqualTo(1));
        operator().queryParam("size", 1).queryParam("page", 0).get("/tasks")
                .then().statusCode(200).body("items.size()", is(1)).body("total", greaterThanOrEqualTo(2));

        given().auth().oauth2(TestTokens.privacyOfficer()).get("/tasks/" + id)
                .then().statusCode(200)
                .body("kind", is("ERASE"))
                .body("partner", is("openai"))
                .body("objectId", is(failed.deadFile()))
                .body("subjectId", is(failed.order().subjectId()))
                .body("trigger.type", is("erasure-ordered"))
                .body("trigger.id", is(failed.order().orderId().toString()))
                .body("state", is("DEAD"))
                .body("attempts", is(1))
                .body("deadReason", is("partner-rejected"))
                .body("lastError.status", is(400))
                .body("lastError.code", is("invalid_value"))
                .body("lastError.summary", containsString("HTTP 400"))
                .body("evidence.result", is("failed"))
                .body("createdAt", not(nullValue()))
                .body("lastAttemptAt", not(nullValue()))
                .body("completedAt", not(nullValue()));

        operator().post("/tasks/" + id + "/retry")
                .then().statusCode(200).body("state", is("PENDING")).body("attempts", is(0)).body("manualRetries", is(1));

        List<ConsumerRecord<String, String>> records = awaitConfirmationRecords(failed.order().orderId(), 2);
        assertEquals(2, records.stream().map(r -> KafkaTestClient.header(r, "ce_id")).distinct().count());
        ErasureConfirmed second = ErasureEvents.confirmed(records.get(1));
        assertEquals(ErasureOutcome.ERASED, second.outcome());
        assertTrue(second.evidence().stream().allMatch(e -> e.result().equals("deleted")), second.evidence().toString());
        assertTrue(second.notices().stream().noneMatch(n -> n.contains("could not be erased")));

        operator().get("/tasks/" + id).then().statusCode(200)
                .body("state", is("DONE")).body("evidence.result", is("deleted")).body("deadReason", nullValue())
                .body("retriedAt", not(nullValue()));
        // Finished tasks cannot be retried or resolved.
        operator().post("/tasks/" + id + "/retry").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("DONE"));
        operator().contentType(ContentType.JSON).body(Map.of("note", "handled")).post("/tasks/" + id + "/resolve")
                .then().statusCode(409).contentType(PROBLEM);
        assertEquals(2, confirmationRecords(failed.order().orderId()).size(), "no confirmation without a change");
    }

    @Test
    void aDeadErasureTaskIsResolvedByHandByAPrivacyOfficerWithEvidenceAndConfirmedAgainAsResolvedByHand() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        sandbox.seedHubSpotContact(contact, "resolve@example.com");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        proxies.failNext(Partner.HUBSPOT, contact, 1, PartnerProxies.json(403, "{\"status\":\"error\",\"message\":\"missing "
                + "scope\",\"correlationId\":\"1\",\"category\":\"MISSING_SCOPES\"}"));
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.HUBSPOT), List.of());
        erasures.publish(order);
        assertEquals(ErasureOutcome.FAILED, awaitConfirmations(order.orderId(), 1).get(0).outcome());
        String id = awaitTask(contact, TaskState.DEAD).id.toString();
        assertEquals("unauthorized", task(contact).deadReason);

        String note = "Contact deleted with the GDPR tool of the HubSpot portal";
        // An erasure's task is the privacy officer's to resolve (issue 15); the operator may still retry it.
        operator().contentType(ContentType.JSON).body(Map.of("note", note, "category", "erased-in-partner-console"))
                .post("/tasks/" + id + "/resolve").then().statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("only a privacy officer"));
        officer().contentType(ContentType.JSON).body(Map.of("note", note)).post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("category"));
        officer().contentType(ContentType.JSON).body(Map.of("note", note, "category", "deleted-somehow"))
                .post("/tasks/" + id + "/resolve").then().statusCode(400).contentType(PROBLEM)
                .body("errors.message", hasItem(containsString("erased-in-partner-console")));
        officer().contentType(ContentType.JSON).body(Map.of("note", note, "category", "erased-in-partner-console",
                        "evidenceReference", "mail to ops@example.org")).post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM).body(not(containsString("ops@example.org")));
        operator().get("/tasks/" + id).then().statusCode(200).body("state", is("DEAD"));

        officer().contentType(ContentType.JSON).body(Map.of("note", note, "category", "erased-in-partner-console",
                        "evidenceReference", "OPS-1234")).post("/tasks/" + id + "/resolve")
                .then().statusCode(200)
                .body("state", is("RESOLVED_MANUALLY"))
                .body("resolution.note", is(note))
                .body("resolution.resolvedBy", is(TestTokens.PRIVACY_OFFICER_ID))
                .body("resolution.resolvedAt", not(nullValue()))
                .body("resolution.category", is("erased-in-partner-console"))
                .body("resolution.evidenceReference", is("OPS-1234"))
                .body("deadReason", is("unauthorized"));

        List<ErasureConfirmed> confirmations = awaitConfirmations(order.orderId(), 2);
        ErasureConfirmed second = confirmations.get(1);
        // Older consumers read the outcome as before; the receipt reads resolvedByHand and says so.
        assertEquals(ErasureOutcome.ERASED, second.outcome());
        assertTrue(second.hasManualResolutions());
        ManualResolution byHand = second.resolvedByHand().get(0);
        assertEquals(List.of("contact", contact, "erased-in-partner-console", "OPS-1234", TestTokens.PRIVACY_OFFICER_ID),
                List.of(byHand.objectType(), byHand.objectId(), byHand.category(), byHand.evidenceReference(), byHand.resolvedBy()));
        Evidence evidence = second.evidence().get(0);
        assertEquals("resolved-manually", evidence.result());
        assertTrue(evidence.verification().contains("category: erased-in-partner-console")
                && evidence.verification().contains("evidence: OPS-1234"), evidence.verification());
        assertTrue(second.notices().get(0).contains("handled manually by a privacy officer, not through the partner's API (erased-in-partner-console"),
                second.notices().toString());

        officer().contentType(ContentType.JSON).body(Map.of("note", "again", "category", "no-data-found"))
                .post("/tasks/" + id + "/resolve").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("RESOLVED_MANUALLY"));
        operator().post("/tasks/" + id + "/retry").then().statusCode(409);
    }

    @Test
    void anObjectTheOfficerFoundNeverHeldIsConfirmedWithItsCategoryAndNoReference() {
        Failed failed = failedOpenAiErasure();
        officer().contentType(ContentType.JSON).body(Map.of("note", "Checked in the OpenAI dashboard: no such file",
                "category", "no-data-found")).post("/tasks/" + failed.deadTaskId() + "/resolve").then().statusCode(200)
                .body("resolution.category", is("no-data-found"));
        ErasureConfirmed second = awaitConfirmations(failed.order().orderId(), 2).get(1);
        // The other file was deleted: erased; the one never held is listed with its category (NOTHING_HELD alone:
        // ErasureConfirmationsTest).
        assertEquals(ErasureOutcome.ERASED, second.outcome());
        assertEquals(List.of(failed.deadFile()), second.resolvedByHand().stream().map(ManualResolution::objectId).toList());
        assertEquals("no-data-found", second.resolvedByHand().get(0).category());
        assertEquals(null, second.resolvedByHand().get(0).evidenceReference());
    }

    @Test
    void pendingTasksCannotBeRetriedOrResolved() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        sandbox.seedStripeCustomer(customer, "pending@example.com", "Pending");
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        UUID taskId = UUID.randomUUID();
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            PartnerErasure erasure = new PartnerErasure();
            erasure.id = UUID.randomUUID();
            erasure.orderId = UUID.randomUUID();
            erasure.subjectId = subject;
            erasure.partner = Systems.STRIPE;
            erasure.exemptions = "[]";
            erasure.createdAt = java.time.Instant.now();
            erasure.persist();
            // Due in an hour: stays PENDING during the test.
            PartnerTask task = PartnerTask.pending(TaskKind.ERASE, subject, Systems.STRIPE, "customer", customer,
                    "erasure-ordered", erasure.orderId.toString(), erasure.createdAt);
            task.id = taskId;
            task.partnerErasureId = erasure.id;
            task.nextAttemptAt = erasure.createdAt.plusSeconds(3600);
            task.persist();
        });
        operator().post("/tasks/" + taskId + "/retry").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("PENDING"));
        operator().contentType(ContentType.JSON).body(Map.of("note", "n")).post("/tasks/" + taskId + "/resolve")
                .then().statusCode(409);
        operator().get("/tasks/" + taskId).then().statusCode(200).body("state", is("PENDING"))
                .body("nextAttemptAt", not(nullValue()));
    }

    @Test
    void badInputIsAProblem() {
        Failed failed = failedOpenAiErasure();
        String id = failed.deadTaskId().toString();

        operator().contentType(ContentType.JSON).body(Map.of("note", "  ")).post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(containsString("note")));
        operator().contentType(ContentType.JSON).body("{}").post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM);
        operator().contentType(ContentType.JSON).post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM);
        operator().contentType(ContentType.JSON).body(Map.of("note", "x".repeat(501))).post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM);
        // Personal data in a note is refused, and not echoed.
        operator().contentType(ContentType.JSON).body(Map.of("note", "Asked jane.doe@example.org to delete it"))
                .post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM)
                .body(not(containsString("jane.doe")))
                .body("errors.message", hasItem(containsString("email")));
        operator().contentType(ContentType.JSON).body(Map.of("note", "Ticket OPS-12, see ops@example.org.")).post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM).body("errors.message", hasItem(containsString("email")));
        // A huge note made only of address characters, with no address in it, is refused for its size at once: the
        // address check reads it once (it was quadratic, so a large body held a worker thread for minutes).
        operator().contentType(ContentType.JSON).body(Map.of("note", "a.".repeat(200_000))).post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(containsString("note")));
        operator().contentType(ContentType.JSON).body("{\"note\": ").post("/tasks/" + id + "/resolve")
                .then().statusCode(400).contentType(PROBLEM);
        operator().get("/tasks/" + id).then().statusCode(200).body("state", is("DEAD"));

        operator().get("/tasks/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM);
        operator().post("/tasks/" + UUID.randomUUID() + "/retry").then().statusCode(404).contentType(PROBLEM);
        operator().queryParam("state", "SLEEPING").get("/tasks").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("RESOLVED_MANUALLY"));
        operator().queryParam("partner", "salesforce").get("/tasks").then().statusCode(400).contentType(PROBLEM);
        operator().queryParam("kind", "DELETE").get("/tasks").then().statusCode(400).contentType(PROBLEM);
        operator().queryParam("size", 0).get("/tasks").then().statusCode(400).contentType(PROBLEM);
        operator().queryParam("size", 201).get("/tasks").then().statusCode(400).contentType(PROBLEM);
        operator().queryParam("page", -1).get("/tasks").then().statusCode(400).contentType(PROBLEM);
        operator().queryParam("kind", "erase").queryParam("size", 5).get("/tasks").then().statusCode(200)
                .body("items.kind", everyItem(is("ERASE"))).body("items.size()", lessThanOrEqualTo(5));
    }

    @Test
    void operatorsAndThePrivacyOfficerOnly() {
        String anyTask = "/tasks/" + UUID.randomUUID();
        given().get("/tasks").then().statusCode(401).contentType(PROBLEM);
        given().post(anyTask + "/retry").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.processorRecordRecorder()).get("/tasks").then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.dataSubject("usr_x")).get(anyTask).then().statusCode(403);
        given().auth().oauth2(TestTokens.processorRecordRecorder()).post(anyTask + "/retry").then().statusCode(403);
        given().auth().oauth2(TestTokens.dataSubject("usr_x")).contentType(ContentType.JSON).body(Map.of("note", "n"))
                .post(anyTask + "/resolve").then().statusCode(403);
        operator().get("/tasks").then().statusCode(200);
        given().auth().oauth2(TestTokens.privacyOfficer()).get("/tasks").then().statusCode(200).body("page", equalTo(0));
    }
}
