package io.privacyplatform.request.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fixed-window counters in PostgreSQL, so every replica counts against the same limit. A hit is counted in
 * its own transaction (a refused or failing call still counts); counters of windows older than a day are
 * dropped as new ones are written.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Duration LONGEST_WINDOW = Duration.ofDays(1);

    private final EntityManager entityManager;
    private final Deadlines deadlines;

    RateLimiter(EntityManager entityManager, Deadlines deadlines) {
        this.entityManager = entityManager;
        this.deadlines = deadlines;
    }

    /**
     * Counts one hit of the bucket; empty while within the limit, otherwise how long until the window ends.
     *
     * @param bucket a key without personal data in clear (a subject id, an HMAC of an IP address)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Duration> hit(String bucket, int limit, Duration window) {
        if (window.isNegative() || window.isZero() || window.compareTo(LONGEST_WINDOW) > 0) {
            throw new IllegalStateException("a rate-limit window must be between 1s and 1d");
        }
        Instant now = deadlines.now();
        long windowSeconds = window.toSeconds();
        Instant windowStart = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), windowSeconds) * windowSeconds);
        Number hits = (Number) entityManager.createNativeQuery("""
                        insert into request_rate_limit (bucket, window_start, hits) values (?1, ?2, 1)
                        on conflict (bucket, window_start) do update set hits = request_rate_limit.hits + 1
                        returning hits""")
                .setParameter(1, bucket).setParameter(2, windowStart).getSingleResult();
        if (hits.intValue() == 1) {
            entityManager.createNativeQuery("delete from request_rate_limit where window_start < ?1")
                    .setParameter(1, now.minus(LONGEST_WINDOW).minus(window)).executeUpdate();
        }
        if (hits.intValue() <= limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, windowStart.plus(window));
        return Optional.of(left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left);
    }
}
