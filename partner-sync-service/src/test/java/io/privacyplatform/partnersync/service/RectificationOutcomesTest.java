package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.FieldResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.privacyplatform.partnersync.service.RectificationOutcomes.Outcome.FAILED;
import static io.privacyplatform.partnersync.service.RectificationOutcomes.Outcome.IN_PROGRESS;
import static io.privacyplatform.partnersync.service.RectificationOutcomes.Outcome.NOTHING_HELD;
import static io.privacyplatform.partnersync.service.RectificationOutcomes.Outcome.NOT_APPLICABLE;
import static io.privacyplatform.partnersync.service.RectificationOutcomes.Outcome.PARTIALLY_RECTIFIED;
import static io.privacyplatform.partnersync.service.RectificationOutcomes.Outcome.RECTIFIED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The outcome of a rectification at one partner, from its tasks. */
class RectificationOutcomesTest {

    private static PartnerTask task(TaskState state, String result) {
        PartnerTask task = new PartnerTask();
        task.state = state;
        task.result = result;
        return task;
    }

    @Test
    void outcomeRules() {
        assertEquals(NOTHING_HELD, RectificationOutcomes.outcome("stripe", List.of()));
        assertEquals(NOT_APPLICABLE, RectificationOutcomes.outcome("openai", List.of()));
        assertEquals(IN_PROGRESS, RectificationOutcomes.outcome("stripe",
                List.of(task(TaskState.DONE, "rectified"), task(TaskState.PENDING, null))));
        assertEquals(FAILED, RectificationOutcomes.outcome("hubspot",
                List.of(task(TaskState.DONE, "rectified"), task(TaskState.DEAD, "failed"))));
        assertEquals(RECTIFIED, RectificationOutcomes.outcome("hubspot",
                List.of(task(TaskState.DONE, "rectified"), task(TaskState.RESOLVED_MANUALLY, "resolved-manually"),
                        task(TaskState.DONE, "object-absent"))));
        assertEquals(PARTIALLY_RECTIFIED, RectificationOutcomes.outcome("stripe", List.of(task(TaskState.DONE, "partially-rectified"))));
        assertEquals(NOTHING_HELD, RectificationOutcomes.outcome("stripe", List.of(task(TaskState.DONE, "object-absent"))));
        assertEquals(NOT_APPLICABLE, RectificationOutcomes.outcome("stripe", List.of(task(TaskState.DONE, "not-applicable"))));
    }

    @Test
    void fieldResultsAreStoredAsCodes() {
        List<FieldResult> fields = List.of(new FieldResult("last-name", "name", FieldResult.NOT_APPLIED_PARTIAL_NAME));
        String json = RectificationOutcomes.writeFields(fields);
        assertEquals("[{\"field\":\"last-name\",\"property\":\"name\",\"result\":\"not-applied-partial-name\"}]", json);
        assertEquals(fields, RectificationOutcomes.readFields(json));
        assertEquals(List.of(), RectificationOutcomes.readFields(null));
    }
}
