package io.privacyplatform.testkit.soak;

import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.SideEffects;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a soak run saw.
 *
 * @param filed               erasure requests filed and approved
 * @param completed           of them, COMPLETED at the end
 * @param notCompleted        the others, by status (empty when none was lost)
 * @param deadLettered        records on each service's dead-letter topic
 * @param partnerObjectsLeft  seeded partner objects still there at the end, per partner
 * @param sideEffects         what each partner's erasing calls did
 * @param faults              the faults as they happened
 * @param drainAfterLastFault from the end of the last fault to the last erasure completed (negative: all completed
 *                            before the last fault ended)
 * @param maxLag              per consumer group, the highest lag seen (records), polled every 2 s
 * @param lagPollFailures     lag polls that failed (the broker was down)
 * @param seeding             time to seed the subjects' data
 * @param filing              from the first filing to the last approval
 * @param total               from the first filing to the last completion
 */
public record SoakResult(int filed, int completed, Map<String, Integer> notCompleted, Map<String, Integer> deadLettered,
                         Map<Partner, Integer> partnerObjectsLeft, Map<Partner, SideEffects> sideEffects,
                         List<FaultRecord> faults, Duration drainAfterLastFault, Map<String, Long> maxLag,
                         int lagPollFailures, Duration seeding, Duration filing, Duration total) {

    /** A fault as it happened: when it began and ended, from the first filing. */
    public record FaultRecord(String description, double atFiledShare, Duration began, Duration ended) {
    }

    public int lost() {
        return filed - completed + deadLetteredTotal() + objectsLeftTotal();
    }

    public int deadLetteredTotal() {
        return deadLettered.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int objectsLeftTotal() {
        return partnerObjectsLeft.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Side effects done twice, Stripe POSTs without an Idempotency-Key, keys reused for another request. */
    public long duplicateSideEffects() {
        return sideEffects.values().stream().mapToLong(s -> s.duplicateErasures().values().stream()
                .mapToLong(count -> count - 1).sum() + s.keyReusedOtherwise()).sum()
                + sideEffects.getOrDefault(Partner.STRIPE, EMPTY).postsWithoutKey();
    }

    public long maxLagOverall() {
        return maxLag.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    public double erasuresPerSecond() {
        return completed / Math.max(0.001, total.toMillis() / 1000.0);
    }

    /** What must be zero or complete and is not: empty when the soak passed. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (completed != filed) {
            problems.add((filed - completed) + " of " + filed + " erasures not COMPLETED: " + notCompleted);
        }
        if (deadLetteredTotal() > 0) {
            problems.add("dead-lettered records: " + deadLettered);
        }
        if (objectsLeftTotal() > 0) {
            problems.add("partner objects not erased: " + partnerObjectsLeft);
        }
        sideEffects.forEach((partner, effects) -> {
            if (!effects.duplicateErasures().isEmpty()) {
                problems.add(partner + " erased twice: " + effects.duplicateErasures());
            }
            if (effects.keyReusedOtherwise() > 0) {
                problems.add(partner + ": " + effects.keyReusedOtherwise() + " Idempotency-Keys reused for another request");
            }
        });
        long unkeyed = sideEffects.getOrDefault(Partner.STRIPE, EMPTY).postsWithoutKey();
        if (unkeyed > 0) {
            problems.add(unkeyed + " Stripe POSTs without an Idempotency-Key");
        }
        return problems;
    }

    /** The run in lines, for a console or a report. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "completed %,d / %,d; lost %d; duplicate side effects %d; dead-lettered %d;"
                        + " partner objects left %d%n", completed, filed, lost(), duplicateSideEffects(), deadLetteredTotal(),
                objectsLeftTotal()));
        out.append(String.format(Locale.ROOT, "seeding %.1f s; filing %.1f s; first filing to last completion %.1f s"
                        + " (%.1f erasures/s); drain after the last fault %.1f s%n", seconds(seeding), seconds(filing),
                seconds(total), erasuresPerSecond(), seconds(drainAfterLastFault)));
        out.append("fault schedule (from the first filing):\n");
        for (FaultRecord fault : faults) {
            out.append(String.format(Locale.ROOT, "  at %5.1f s (%2.0f %% filed) to %5.1f s: %s%n", seconds(fault.began()),
                    fault.atFiledShare() * 100, seconds(fault.ended()), fault.description()));
        }
        out.append("partner calls (erasing: effective / already gone (404) / all; injected failures by status; POSTs,"
                + " without an Idempotency-Key (Stripe's must carry one), replayed):\n");
        sideEffects.forEach((partner, s) -> out.append(String.format(Locale.ROOT,
                "  %-8s erasing %,d / %,d / %,d; injected %s; POST %,d, without key %,d, replayed %,d%n", partner,
                s.effectiveErasures(), s.alreadyGone(), s.erasingCalls(), s.injectedFailures(), s.posts(),
                s.postsWithoutKey(), s.replayedPosts())));
        out.append("max consumer lag per group (records): ").append(maxLag).append(lagPollFailures > 0
                ? " (" + lagPollFailures + " polls failed while the broker was down)" : "").append('\n');
        return out.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static final SideEffects EMPTY = new SideEffects(0, 0, 0, Map.of(), 0, 0, 0, 0, Map.of());
}
