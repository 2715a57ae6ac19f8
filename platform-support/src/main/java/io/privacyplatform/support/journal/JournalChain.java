package io.privacyplatform.support.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash chain of the access journal: each entry's hash is SHA-256 over the previous entry's hash and the entry's
 * canonical fields, each written with its length (no separator can be forged by a value) and null as {@code -}.
 * Plain Java: the verification and a test recompute it the way the append does.
 */
public final class JournalChain {

    /** The previous hash of the very first entry, before any purge. */
    public static final String GENESIS = "0".repeat(64);

    private JournalChain() {
    }

    /** The fields a hash covers, in their canonical order. */
    public record Fields(String entryId, Instant recordedAt, String actorKind, String actor, String client, String action,
                         String decision, String categories, String subjectId, String requestId, String endpoint) {
    }

    /** PostgreSQL keeps microseconds: an instant is hashed as stored. */
    public static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String hash(String previousHash, Fields f) {
        StringBuilder canonical = new StringBuilder(previousHash).append(';');
        for (String value : new String[]{f.entryId(), f.recordedAt() == null ? null : f.recordedAt().toString(),
                f.actorKind(), f.actor(), f.client(), f.action(), f.decision(), f.categories(), f.subjectId(),
                f.requestId(), f.endpoint()}) {
            if (value == null) {
                canonical.append("-;");
            } else {
                canonical.append(value.length()).append(':').append(value).append(';');
            }
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
