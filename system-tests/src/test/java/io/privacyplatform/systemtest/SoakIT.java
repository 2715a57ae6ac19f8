package io.privacyplatform.systemtest;

import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.testkit.soak.SoakDriver;
import io.privacyplatform.testkit.soak.SoakListener;
import io.privacyplatform.testkit.soak.SoakPlan;
import io.privacyplatform.testkit.soak.SoakResult;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak in small (issue 16, item 8; {@code benchmarks/run soak} is the 10,000-erasure run): 500 erasures of the
 * mix filed and approved through the four packaged services while the Kafka broker is restarted once, each service is
 * killed with SIGKILL once and restarted, and the partners answer 30 % of calls 429/500/503 for 30 s (the benchmark:
 * two minutes). Every erasure must complete, nothing be lost or dead-lettered, no partner object be erased twice and
 * none be left. The figures are printed; nothing here is timed.
 * <p>
 * On a platform of its own ({@link SharedPlatform.Profile#SOAK}), after every other test class.
 */
@Order(SharedPlatform.Profile.SOAK_ORDER)
class SoakIT {

    private static final SoakPlan PLAN = new SoakPlan(500, 0.2, 0.04, 0.3, Duration.ofSeconds(30), 4, 5,
            Duration.ofMinutes(8));

    @Test
    void fiveHundredErasuresUnderFaultsAllCompleteWithNothingLostAndNoSideEffectTwice() throws Exception {
        LocalPlatform platform = SharedPlatform.of(SharedPlatform.Profile.SOAK);

        SoakResult result = new SoakDriver(platform, PLAN, SoakListener.NONE).run();
        System.out.print("[soak] " + result.describe());

        assertEquals(PLAN.erasures(), result.filed());
        assertEquals(Map.of(), result.notCompleted(), "erasures not COMPLETED, by status");
        assertEquals(PLAN.erasures(), result.completed());
        assertEquals(0, result.deadLetteredTotal(), "dead-lettered: " + result.deadLettered());
        assertEquals(0, result.objectsLeftTotal(), "partner objects left: " + result.partnerObjectsLeft());
        assertEquals(0, result.duplicateSideEffects(), "duplicate side effects");
        assertEquals(List.of(), result.problems());
        // The faults happened: every fault of the plan struck, and the partners did fail.
        assertEquals(PLAN.faults().size(), result.faults().size());
        assertTrue(result.sideEffects().get(Partner.OPENAI).injectedFailureCount() > 0, "OpenAI failed some calls");
        // Every subject's OpenAI response was erased exactly once (the mix: every subject holds one).
        assertEquals(PLAN.erasures(), result.sideEffects().get(Partner.OPENAI).effectiveErasures());
    }
}
