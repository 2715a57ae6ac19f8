package io.privacyplatform.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A one-click unsubscribe link issued for one subject and purpose (RFC 8058). It never expires; it is
 * revoked on demand, spent once it withdrew, and gone with the subject's erasure.
 */
@Entity
@Table(name = "unsubscribe_link")
public class UnsubscribeLink extends PanacheEntityBase {

    @Id
    @Column(name = "token_id")
    public UUID tokenId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Convert(converter = ConsentPurpose.Converter.class)
    @Column(nullable = false)
    public ConsentPurpose purpose;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "issued_by", nullable = false)
    public String issuedBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "used_entry_id")
    public UUID usedEntryId;

    public boolean active() {
        return revokedAt == null && usedAt == null;
    }

    /** The link to hand out again: the same one for every email until it is used or revoked. */
    public static Optional<UnsubscribeLink> activeOf(String subjectId, ConsentPurpose purpose) {
        return find("subjectId = ?1 and purpose = ?2 and revokedAt is null and usedAt is null order by issuedAt desc",
                subjectId, purpose).firstResultOptional();
    }

    public static List<UnsubscribeLink> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by issuedAt", subjectId);
    }

    public static long countOfSubject(String subjectId) {
        return count("subjectId", subjectId);
    }

    public static long deleteOfSubject(String subjectId) {
        return delete("subjectId", subjectId);
    }

    /** The subject's rows of these purposes only (a scoped erasure). */
    public static long countOfSubject(String subjectId, java.util.Collection<ConsentPurpose> purposes) {
        return purposes.isEmpty() ? 0 : count("subjectId = ?1 and purpose in ?2", subjectId, purposes);
    }

    public static long deleteOfSubject(String subjectId, java.util.Collection<ConsentPurpose> purposes) {
        return purposes.isEmpty() ? 0 : delete("subjectId = ?1 and purpose in ?2", subjectId, purposes);
    }
}
