package io.privacyplatform.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counts one partner's erasing calls and POSTs as {@link SideEffects} describes; thread-safe, cheap per call. */
final class SideEffectTally {

    private final LongAdder erasingCalls = new LongAdder();
    private final LongAdder effective = new LongAdder();
    private final LongAdder alreadyGone = new LongAdder();
    private final Map<String, AtomicInteger> effectivePerTarget = new ConcurrentHashMap<>();
    private final LongAdder posts = new LongAdder();
    private final LongAdder postsWithoutKey = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    /** Idempotency-Key to the request it was first sent with. */
    private final Map<String, String> requestOfKey = new ConcurrentHashMap<>();
    private final LongAdder keyReusedOtherwise = new LongAdder();
    private final Map<Integer, LongAdder> injected = new ConcurrentHashMap<>();

    void count(SandboxRequest request, SandboxResponse response, boolean injectedFailure) {
        if (injectedFailure) {
            injected.computeIfAbsent(response.connectionReset ? 0 : response.status, status -> new LongAdder()).increment();
        }
        String target = request.method + " " + request.path + " " + request.body;
        boolean replay = "true".equals(response.headers.get("Idempotent-Replayed"));
        if ("POST".equals(request.method)) {
            posts.increment();
            String key = request.header("Idempotency-Key");
            if (key == null || key.isBlank()) {
                postsWithoutKey.increment();
            } else {
                String first = requestOfKey.putIfAbsent(key, target);
                if (first != null && !first.equals(target)) {
                    keyReusedOtherwise.increment();
                }
            }
            if (replay) {
                replayed.increment();
            }
        }
        if (!erasing(request)) {
            return;
        }
        erasingCalls.increment();
        if (injectedFailure) {
            return;
        }
        if (response.status == 404) {
            alreadyGone.increment();
        } else if (response.status >= 200 && response.status < 300 && !replay) {
            effective.increment();
            effectivePerTarget.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** A call that erases or redacts: DELETE, HubSpot's gdpr-delete, a Stripe redaction job created or run. */
    private static boolean erasing(SandboxRequest request) {
        if ("DELETE".equals(request.method)) {
            return true;
        }
        if (!"POST".equals(request.method)) {
            return false;
        }
        return request.path.endsWith("/gdpr-delete") || request.path.equals("/v1/privacy/redaction_jobs")
                || (request.path.startsWith("/v1/privacy/redaction_jobs/") && request.path.endsWith("/run"));
    }

    SideEffects snapshot() {
        Map<String, Integer> duplicates = new TreeMap<>();
        effectivePerTarget.forEach((target, count) -> {
            if (count.get() > 1) {
                duplicates.put(target, count.get());
            }
        });
        Map<Integer, Long> failures = new TreeMap<>();
        injected.forEach((status, count) -> failures.put(status, count.sum()));
        return new SideEffects(erasingCalls.sum(), effective.sum(), alreadyGone.sum(), Map.copyOf(duplicates), posts.sum(),
                postsWithoutKey.sum(), replayed.sum(), keyReusedOtherwise.sum(), Map.copyOf(failures));
    }

    void reset() {
        erasingCalls.reset();
        effective.reset();
        alreadyGone.reset();
        effectivePerTarget.clear();
        posts.reset();
        postsWithoutKey.reset();
        replayed.reset();
        requestOfKey.clear();
        keyReusedOtherwise.reset();
        injected.clear();
    }
}
