package io.privacyplatform.request.service;

import io.privacyplatform.request.AuditEntry;
import io.privacyplatform.request.DataSubjectRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Verification of the tamper-evident audit trail of each request. Entries are appended by
 * {@link DataSubjectRequest#transition} under the request's row lock, each carrying the SHA-256 of the previous
 * one, and the request row keeps the length and the last hash, so an edited, inserted or removed entry shows
 * when the chain is recomputed here ({@link AuditEntry#expectedHash}).
 */
@ApplicationScoped
public class AuditTrail {

    private static final int PAGE = 500;

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
        String previous = AuditEntry.GENESIS;
        int expectedSeq = 1;
        for (AuditEntry entry : entries) {
            if (entry.seq != expectedSeq) {
                return Optional.of(new Break(expectedSeq, "entry " + expectedSeq + " is missing"));
            }
            if (!previous.equals(entry.previousHash)) {
                return Optional.of(new Break(entry.seq, "its previous hash is not the hash of entry " + (entry.seq - 1)));
            }
            if (!entry.expectedHash().equals(entry.hash)) {
                return Optional.of(new Break(entry.seq, "its content does not match its hash"));
            }
            previous = entry.hash;
            expectedSeq++;
        }
        String head = request.auditHead() == null ? AuditEntry.GENESIS : request.auditHead();
        if (entries.size() != request.auditLength() || !previous.equals(head)) {
            return Optional.of(new Break(entries.size() + 1, "the request records " + request.auditLength()
                    + " entries ending with another hash: entries were removed after entry " + entries.size()));
        }
        return Optional.empty();
    }

    /** Where the chain of a request stops holding. */
    public record Break(int seq, String reason) {
    }
}
