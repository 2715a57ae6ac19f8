package io.privacyplatform.request.service;

import io.privacyplatform.request.AuditEntry;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The tamper-evident audit trail of each request: entries are appended under the request's row lock, each
 * carrying the SHA-256 of the previous one, and the request row keeps the length and the last hash, so an
 * edited, inserted or removed entry shows when the chain is recomputed. The canonical form is the one of
 * the SQL function {@code request_audit_hash} (migration V2): an auditor can recompute it with SQL alone.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String GENESIS = "0".repeat(64);
    private static final int PAGE = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * Appends an entry; the caller holds the request's row lock (a new request, or one from
     * {@link DataSubjectRequest#lock}). {@code to} is the request's status after the event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry append(DataSubjectRequest request, AuditKind kind, RequestStatus from, String actor, Instant at, String note) {
        AuditEntry entry = next(request, kind, from, actor, at, note);
        entry.persist();
        return entry;
    }

    /**
     * The next entry of the request's chain, not yet persisted: for a new request, so that the request row is
     * inserted once with its audit head instead of inserted then updated. Persist the request first.
     */
    public AuditEntry next(DataSubjectRequest request, AuditKind kind, RequestStatus from, String actor, Instant at, String note) {
        AuditEntry entry = new AuditEntry();
        entry.requestId = request.id;
        entry.seq = request.auditLength + 1;
        entry.kind = kind;
        entry.fromStatus = from;
        entry.toStatus = request.status;
        entry.actor = actor;
        entry.at = at.truncatedTo(ChronoUnit.MICROS);
        entry.note = note;
        entry.previousHash = request.auditHead == null ? GENESIS : request.auditHead;
        entry.hash = hash(entry);
        request.auditLength = entry.seq;
        request.auditHead = entry.hash;
        return entry;
    }

    /** Recomputes the request's chain; empty when it is intact, otherwise the first entry that does not hold. */
    public Optional<Break> verify(DataSubjectRequest request) {
        return verify(request, AuditEntry.of(request.id));
    }

    /** Recomputes every request's chain, a page of requests at a time; reports up to {@code maxBroken} broken chains. */
    public Summary verifyAll(int maxBroken) {
        int requests = 0;
        long entries = 0;
        List<BrokenChain> broken = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<DataSubjectRequest> batch = DataSubjectRequest.<DataSubjectRequest>find("order by id").page(page, PAGE).list();
            if (batch.isEmpty()) {
                break;
            }
            Map<UUID, List<AuditEntry>> trails = AuditEntry.<AuditEntry>list("requestId in ?1 order by requestId, seq",
                    batch.stream().map(r -> r.id).toList()).stream().collect(Collectors.groupingBy(e -> e.requestId));
            for (DataSubjectRequest request : batch) {
                List<AuditEntry> trail = trails.getOrDefault(request.id, List.of());
                requests++;
                entries += trail.size();
                Optional<Break> found = verify(request, trail);
                if (found.isPresent() && broken.size() < maxBroken) {
                    broken.add(new BrokenChain(request.id, found.get()));
                }
            }
            DataSubjectRequest.getEntityManager().clear();
        }
        return new Summary(requests, entries, broken);
    }

    public record Summary(int requests, long entries, List<BrokenChain> broken) {
    }

    public record BrokenChain(UUID requestId, Break at) {
    }

    private Optional<Break> verify(DataSubjectRequest request, List<AuditEntry> entries) {
        String previous = GENESIS;
        int expectedSeq = 1;
        for (AuditEntry entry : entries) {
            if (entry.seq != expectedSeq) {
                return Optional.of(new Break(expectedSeq, "entry " + expectedSeq + " is missing"));
            }
            if (!previous.equals(entry.previousHash)) {
                return Optional.of(new Break(entry.seq, "its previous hash is not the hash of entry " + (entry.seq - 1)));
            }
            if (!hash(entry).equals(entry.hash)) {
                return Optional.of(new Break(entry.seq, "its content does not match its hash"));
            }
            previous = entry.hash;
            expectedSeq++;
        }
        if (entries.size() != request.auditLength || !previous.equals(request.auditHead == null ? GENESIS : request.auditHead)) {
            return Optional.of(new Break(entries.size() + 1, "the request records " + request.auditLength
                    + " entries ending with another hash: entries were removed after entry " + entries.size()));
        }
        return Optional.empty();
    }

    /** SHA-256 (hex) of the canonical form: each field as {@code <UTF-8 length>:<value>\n}, {@code ~\n} for null. */
    static String hash(AuditEntry entry) {
        StringBuilder canonical = new StringBuilder(256);
        field(canonical, entry.requestId.toString());
        field(canonical, Integer.toString(entry.seq));
        field(canonical, entry.kind.name());
        field(canonical, entry.fromStatus == null ? null : entry.fromStatus.name());
        field(canonical, entry.toStatus.name());
        field(canonical, entry.actor);
        field(canonical, TIME.format(entry.at));
        field(canonical, entry.note);
        field(canonical, entry.previousHash);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void field(StringBuilder canonical, String value) {
        if (value == null) {
            canonical.append('~');
        } else {
            canonical.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
        }
        canonical.append('\n');
    }

    /** Where the chain of a request stops holding. */
    public record Break(int seq, String reason) {
    }
}
