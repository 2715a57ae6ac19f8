package io.privacyplatform.request.rest;

import io.privacyplatform.request.service.AuditTrail;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The result of recomputing audit chains: intact, or the first entry of each chain that does not hold, and why. */
public record AuditVerification(boolean intact, int requests, long entries, List<Broken> broken) {

    public record Broken(UUID requestId, int seq, String reason) {
    }

    static AuditVerification of(UUID requestId, int entries, Optional<AuditTrail.Break> broken) {
        return new AuditVerification(broken.isEmpty(), 1, entries,
                broken.map(b -> List.of(new Broken(requestId, b.seq(), b.reason()))).orElse(List.of()));
    }
}
