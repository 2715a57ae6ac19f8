package io.privacyplatform.partnersync.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ResolutionCategory;
import io.privacyplatform.partnersync.PartnerErasure;
import io.privacyplatform.partnersync.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErasureConfirmationsTest {

    private static final Instant NOW = Instant.parse("2026-02-01T09:00:05Z");

    private static PartnerErasure erasure(String partner) {
        PartnerErasure erasure = new PartnerErasure();
        erasure.orderId = UUID.randomUUID();
        erasure.subjectId = "usr_1";
        erasure.partner = partner;
        return erasure;
    }

    private static PartnerTask task(String partner, String type, String id, TaskState status, String result) {
        PartnerTask task = new PartnerTask();
        task.partner = partner;
        task.objectType = type;
        task.objectId = id;
        task.state = status;
        task.result = result;
        task.attempts = 1;
        task.action = status == TaskState.DONE ? "DELETE /x/{id}" : null;
        task.verification = status == TaskState.DONE ? "GET /x/{id} returned 404" : null;
        task.lastError = status == TaskState.DEAD ? "DELETE /v1/files/{id}: HTTP 503 server_error" : null;
        task.deadReason = status == TaskState.DEAD ? "retries-exhausted" : null;
        return task;
    }

    @Test
    void nothingRegisteredMeansNothingHeld() {
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.STRIPE), List.of(), List.of(), false, NOW);
        assertEquals(ErasureOutcome.NOTHING_HELD, confirmed.outcome());
        assertEquals(List.of(), confirmed.retained());
        assertEquals(NOW, confirmed.confirmedAt());
    }

    @Test
    void objectsAlreadyGoneMeanNothingHeld() {
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.HUBSPOT),
                List.of(task(Systems.HUBSPOT, "contact", "1", TaskState.DONE, "already-absent")), List.of(), false, NOW);
        assertEquals(ErasureOutcome.NOTHING_HELD, confirmed.outcome());
        assertEquals("already-absent", confirmed.evidence().get(0).result());
    }

    @Test
    void stripeKeepsBillingRecordsSoItsErasureIsPartial() {
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.STRIPE),
                List.of(task(Systems.STRIPE, "customer", "cus_1", TaskState.DONE, "deleted")),
                List.of(new Exemption(Systems.HUBSPOT, "x", "not for stripe")), false, NOW);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, confirmed.outcome());
        assertEquals(List.of(ErasureConfirmations.STRIPE_BILLING_RECORDS), confirmed.retained());
    }

    @Test
    void oneFailedObjectFailsThePartnerAndSaysWhy() {
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.OPENAI), List.of(
                task(Systems.OPENAI, "response", "resp_1", TaskState.DONE, "deleted"),
                task(Systems.OPENAI, "file", "file-1", TaskState.DEAD, "failed")), List.of(), false, NOW);
        assertEquals(ErasureOutcome.FAILED, confirmed.outcome());
        assertEquals("DELETE /v1/files/{id}", confirmed.evidence().get(1).action());
        assertTrue(confirmed.evidence().get(1).verification().contains("HTTP 503 server_error"));
        assertTrue(confirmed.notices().get(0).startsWith("1 of 2 objects at openai could not be erased (reason codes: "
                + "retries-exhausted;"), confirmed.notices().get(0));
        assertTrue(confirmed.evidence().get(1).verification().contains("reason: retries-exhausted"));
        assertEquals(ErasureConfirmations.OPENAI_ABUSE_MONITORING_NOTICE, confirmed.notices().get(1));
    }

    @Test
    void zeroDataRetentionChangesTheOpenAiNotice() {
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.OPENAI),
                List.of(task(Systems.OPENAI, "response", "resp_1", TaskState.DONE, "deleted")), List.of(), true, NOW);
        assertEquals(ErasureOutcome.ERASED, confirmed.outcome());
        assertEquals(List.of(ErasureConfirmations.OPENAI_ZERO_DATA_RETENTION_NOTICE), confirmed.notices());
    }

    @Test
    void aManualResolutionCountsAsHandledAndNamesTheOperatorAndNote() {
        PartnerTask resolved = task(Systems.STRIPE, "customer", "cus_2", TaskState.RESOLVED_MANUALLY, "resolved-manually");
        resolved.resolutionNote = "Deleted in the Stripe dashboard, ticket OPS-7";
        resolved.resolvedBy = "ops-42";
        resolved.resolvedAt = NOW;
        resolved.deadReason = "unauthorized";
        resolved.attempts = 3;
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.STRIPE), List.of(
                task(Systems.STRIPE, "customer", "cus_1", TaskState.DONE, "already-absent"), resolved), List.of(), false, NOW);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, confirmed.outcome(), "Stripe keeps billing records");
        assertEquals("resolved-manually", confirmed.evidence().get(1).result());
        assertEquals("DELETE /v1/customers/{id}", confirmed.evidence().get(1).action(), "planned action when none was made");
        String verification = confirmed.evidence().get(1).verification();
        assertTrue(verification.contains("ops-42") && verification.contains("ticket OPS-7") && verification.contains("3 attempts")
                && verification.contains("unauthorized"), verification);
        assertTrue(confirmed.notices().get(0).startsWith("1 of 2 objects at stripe were handled manually"), confirmed.notices().get(0));
    }

    @Test
    void onlyAlreadyGoneObjectsAndResolvedOnesAreNotNothingHeld() {
        PartnerTask resolved = task(Systems.HUBSPOT, "contact", "2", TaskState.RESOLVED_MANUALLY, "resolved-manually");
        resolved.resolvedBy = "ops-1";
        resolved.resolvedAt = NOW;
        resolved.resolutionNote = "done by hand";
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.HUBSPOT), List.of(resolved), List.of(), false, NOW);
        assertEquals(ErasureOutcome.ERASED, confirmed.outcome());
    }

    @Test
    void objectsAnOfficerResolvedByHandAreListedWithTheirCategoryAndOneNeverHeldIsNotErased() {
        PartnerTask absent = task(Systems.HUBSPOT, "contact", "3", TaskState.RESOLVED_MANUALLY, "resolved-manually");
        absent.resolveManually("checked in the HubSpot portal", ResolutionCategory.NO_DATA_FOUND, null, "dpo-1", NOW);
        ErasureConfirmed nothing = ErasureConfirmations.build(erasure(Systems.HUBSPOT), List.of(absent), List.of(), false, NOW);
        assertEquals(ErasureOutcome.NOTHING_HELD, nothing.outcome());
        assertEquals(List.of("no-data-found"), nothing.resolvedByHand().stream().map(r -> r.category()).toList());

        PartnerTask erased = task(Systems.HUBSPOT, "contact", "4", TaskState.RESOLVED_MANUALLY, "resolved-manually");
        erased.resolveManually("deleted with the GDPR tool", ResolutionCategory.ERASED_IN_PARTNER_CONSOLE, "OPS-9", "dpo-1", NOW);
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.HUBSPOT), List.of(absent, erased), List.of(), false, NOW);
        assertEquals(ErasureOutcome.ERASED, confirmed.outcome());
        assertEquals(List.of("no-data-found", "erased-in-partner-console"),
                confirmed.resolvedByHand().stream().map(r -> r.category()).toList());
        assertEquals("OPS-9", confirmed.resolvedByHand().get(1).evidenceReference());
        assertTrue(confirmed.notices().get(0).contains("by a privacy officer"), confirmed.notices().get(0));

        ErasureConfirmed apiOnly = ErasureConfirmations.build(erasure(Systems.HUBSPOT),
                List.of(task(Systems.HUBSPOT, "contact", "5", TaskState.DONE, "deleted")), List.of(), false, NOW);
        assertEquals(null, apiOnly.resolvedByHand(), "nothing resolved by hand: the field stays absent");
    }

    /** A subject's objects at one partner, with ids as long as OpenAI's (resp_ and 48 hex digits). */
    private static List<PartnerTask> responses(int count, TaskState state, String result) {
        List<PartnerTask> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(task(Systems.OPENAI, "response", String.format("resp_%048x", i), state, result));
        }
        return tasks;
    }

    @Test
    void upToAHundredObjectsEachIsListed() {
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.OPENAI),
                responses(ConfirmationEvidence.LISTED_AT_MOST, TaskState.DONE, "deleted"), List.of(), false, NOW);
        assertEquals(ConfirmationEvidence.LISTED_AT_MOST, confirmed.evidence().size());
        assertEquals(String.format("resp_%048x", 99), confirmed.evidence().get(99).objectId());
    }

    /**
     * A confirmation is one Kafka record (1 MB at most): listed one by one, 6,000 objects would not fit, and the outbox
     * relay would stop at it, holding back every later event of the service. What a person must follow up comes
     * first, object by object; the rest is counted by what was done to it.
     */
    @Test
    void manyObjectsAreCountedByWhatWasDoneAndTheFailedOnesListedFirst() throws Exception {
        List<PartnerTask> tasks = new ArrayList<>(responses(6_000, TaskState.DONE, "deleted"));
        for (int i = 0; i < 60; i++) {
            tasks.add(task(Systems.OPENAI, "file", "file-" + i, TaskState.DEAD, "failed"));
        }

        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.OPENAI), tasks, List.of(), false, NOW);

        assertEquals(ErasureOutcome.FAILED, confirmed.outcome());
        assertEquals(ConfirmationEvidence.FOLLOW_UPS_LISTED_AT_MOST + 2, confirmed.evidence().size(), confirmed.evidence().toString());
        for (int i = 0; i < ConfirmationEvidence.FOLLOW_UPS_LISTED_AT_MOST; i++) {
            assertEquals("file-" + i, confirmed.evidence().get(i).objectId());
            assertTrue(confirmed.evidence().get(i).verification().contains("HTTP 503 server_error"));
        }
        Evidence deleted = confirmed.evidence().get(ConfirmationEvidence.FOLLOW_UPS_LISTED_AT_MOST);
        assertEquals(new Evidence("response", "6,000 objects", "DELETE /x/{id}", "deleted", "GET /x/{id} returned 404"), deleted);
        Evidence stillFailed = confirmed.evidence().get(ConfirmationEvidence.FOLLOW_UPS_LISTED_AT_MOST + 1);
        assertEquals("10 objects", stillFailed.objectId());
        assertEquals("failed", stillFailed.result());
        assertTrue(stillFailed.verification().contains("partner-sync's tasks (openai, state DEAD)"), stillFailed.verification());
        assertTrue(confirmed.notices().get(0).startsWith("60 of 6060 objects at openai could not be erased"),
                confirmed.notices().get(0));

        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        int bytes = json.writeValueAsBytes(confirmed).length;
        assertTrue(bytes < 32 * 1024, bytes + " bytes");
        int listedOneByOne = json.writeValueAsBytes(tasks.stream().map(t -> ConfirmationEvidence.of(t, "not erased")).toList()).length;
        assertTrue(listedOneByOne > 1024 * 1024, "listed one by one: " + listedOneByOne + " bytes, more than a Kafka record holds");
    }

    @Test
    void callsThatDifferObjectByObjectAreCountedByTypeAndResult() {
        List<PartnerTask> tasks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            PartnerTask conversation = task(Systems.OPENAI, "conversation", "conv_" + i, TaskState.DONE, "deleted");
            conversation.action = "DELETE /v1/conversations/{id}/items/{item_id} (" + (i + 1) + " items), then DELETE /v1/conversations/{id}";
            tasks.add(conversation);
        }
        ErasureConfirmed confirmed = ErasureConfirmations.build(erasure(Systems.OPENAI), tasks, List.of(), false, NOW);
        assertEquals(List.of(new Evidence("conversation", "300 objects", "various calls (each object's on its task)", "deleted",
                "GET /x/{id} returned 404")), confirmed.evidence());
    }
}
