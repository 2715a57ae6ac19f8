package io.privacyplatform.sandbox;

import java.util.Map;

/**
 * What a partner's erasing calls did, counted over every call since the last reset (not capped like the recorded
 * calls), so that a long run can tell an erasure done once from one done twice.
 * <p>
 * An <em>erasing call</em> is a {@code DELETE}, a HubSpot {@code gdpr-delete}, or a Stripe redaction job's creation or
 * run. It is <em>effective</em> when the partner answered 2xx with its own answer (not an injected failure, not a
 * Stripe {@code Idempotent-Replayed} replay): the object changed. A 404 on an erasing call is an object already gone
 * (an earlier call erased it): no side effect, and no failure of the erasure either.
 *
 * @param erasingCalls        erasing calls received, injected failures included
 * @param effectiveErasures   erasing calls that changed something
 * @param alreadyGone         erasing calls answered 404 (object unknown or already erased)
 * @param duplicateErasures   targets (method, path and body) with more than one effective erasing call, and how many
 * @param posts               POST calls received (Stripe: each must carry an {@code Idempotency-Key})
 * @param postsWithoutKey     of them, without an {@code Idempotency-Key} header
 * @param replayedPosts       of them, answered from a saved response ({@code Idempotent-Replayed: true})
 * @param keyReusedOtherwise  {@code Idempotency-Key}s sent with two different requests (method, path or body)
 * @param injectedFailures    answers injected by {@link PartnerSandbox#failNext} or a failure window, by HTTP status
 *                            (0: connection reset)
 */
public record SideEffects(long erasingCalls, long effectiveErasures, long alreadyGone,
                          Map<String, Integer> duplicateErasures, long posts, long postsWithoutKey, long replayedPosts,
                          long keyReusedOtherwise, Map<Integer, Long> injectedFailures) {

    /** Injected failures of every status. */
    public long injectedFailureCount() {
        return injectedFailures.values().stream().mapToLong(Long::longValue).sum();
    }
}
