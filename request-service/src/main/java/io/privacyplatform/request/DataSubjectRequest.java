package io.privacyplatform.request;

import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A data-subject request. Columns ending in {@code Ct} hold AES-GCM ciphertexts (personal data and free text),
 * written and read through {@code service.FieldCipher}; everything else is ids, codes and dates.
 */
@Entity
@Table(name = "data_subject_request")
public class DataSubjectRequest extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The subject the request is about (for a HEIR request: the deceased). */
    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestType type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestChannel channel;

    /** Changed only by {@link #transition}, with its audit entry. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RequestStatus status;

    /** Who filed it: the subject, or the privacy officer on their behalf. */
    @Column(name = "filed_by", nullable = false)
    public String filedBy;

    @Column(name = "filed_at", nullable = false)
    public Instant filedAt;

    /** The deadline in force: the first one, or the extended one. */
    @Column(name = "due_on", nullable = false)
    public LocalDate dueOn;

    /** Receipt + one calendar month (GDPR Art. 12(3)); an extension must be decided before it passes. */
    @Column(name = "first_due_on", nullable = false)
    public LocalDate firstDueOn;

    /** The body of the request's type, as JSON, encrypted. */
    @Column(name = "details_ct")
    public String detailsCt;

    @Enumerated(EnumType.STRING)
    @Column(name = "identity_check")
    public IdentityCheckMethod identityCheck;

    @Column(name = "identity_check_ct")
    public String identityCheckCt;

    /** The oldest open request of the same subject and type when this one was filed. */
    @Column(name = "duplicate_of")
    public UUID duplicateOf;

    @Column(name = "extended_months")
    public Integer extendedMonths;

    @Column(name = "extended_at")
    public Instant extendedAt;

    @Column(name = "extended_by")
    public String extendedBy;

    @Column(name = "extension_reason_ct")
    public String extensionReasonCt;

    @Enumerated(EnumType.STRING)
    @Column(name = "rejection_ground")
    public RejectionGround rejectionGround;

    @Column(name = "rejection_text_ct")
    public String rejectionTextCt;

    /** JSON array of the reasons of a partial completion, encrypted. */
    @Column(name = "outcome_reasons_ct")
    public String outcomeReasonsCt;

    @Column(name = "erasure_order_id")
    public UUID erasureOrderId;

    @Column(name = "rectification_order_id")
    public UUID rectificationOrderId;

    /** The order that put a RESTRICTION in force; its systems' confirmations complete the request. */
    @Column(name = "restriction_order_id")
    public UUID restrictionOrderId;

    /** The order that lifted the restriction; its confirmations are recorded, the status stays. */
    @Column(name = "lift_order_id")
    public UUID liftOrderId;

    /** Comma-separated system names that must confirm the lift order, fixed when it went out. */
    @Column(name = "lift_expected_systems")
    public String liftExpectedSystems;

    @Column(name = "lift_ordered_at")
    public Instant liftOrderedAt;

    /**
     * Comma-separated system names that must confirm the order the request's completion waits for (erasure,
     * rectification or restriction: {@link #confirmedOrderId}), fixed from the registry when it was ordered.
     */
    @Column(name = "expected_systems")
    public String expectedSystems;

    @Column(name = "ordered_at")
    public Instant orderedAt;

    /** A scoped erasure order's scope, the systems it left alone and the holds that scoped it (JSON, codes only). */
    @Column(name = "erasure_scope")
    public String erasureScope;

    /** The language of the mails and the status page: {@code fr} (default) or {@code en}, chosen at filing. */
    @Column(nullable = false)
    public String language = Language.FR.code();

    /**
     * The person's address, encrypted, when no account datastore has it: given at filing ({@code contactEmail}) or
     * verified by the email channel. Set to null once the request is closed and every notification was sent or given up.
     */
    @Column(name = "contact_email_ct")
    public String contactEmailCt;

    @Column(name = "attention_since")
    public Instant attentionSince;

    /** Which systems stayed silent (system names only). */
    @Column(name = "attention_reason")
    public String attentionReason;

    /** A restriction of processing is in force (approved RESTRICTION, not lifted yet). */
    @Column(nullable = false)
    public boolean restricted;

    /**
     * When the officer decided to lift the restriction: the person is told first (GDPR Art. 18(3)); the lift order goes
     * out once that mail is sent, or no address is known, or {@code requests.notifications.lift-waits-at-most} passed.
     */
    @Column(name = "lift_announced_at")
    public Instant liftAnnouncedAt;

    @Column(name = "restriction_lifted_at")
    public Instant restrictionLiftedAt;

    @Column(name = "restriction_lift_ct")
    public String restrictionLiftCt;

    /**
     * When the body and the identity-check note were deleted (retention rule request-bodies-after-closing, written by
     * the purge only); null while they are kept.
     */
    @Column(name = "body_purged_at", insertable = false, updatable = false)
    public Instant bodyPurgedAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    /**
     * Four eyes (issue 15): the officer who gave the first of the two approvals a decision that cannot be undone needs,
     * and when; set only by {@link #approveFirst}.
     */
    @Column(name = "first_approved_by")
    private String firstApprovedBy;

    @Column(name = "first_approved_at")
    private Instant firstApprovedAt;

    /** Number of audit entries, and the hash of the last one: a truncated trail does not verify. */
    @Column(name = "audit_length", nullable = false)
    private int auditLength;

    @Column(name = "audit_head")
    private String auditHead;

    @Version
    public long version;

    /** Someone or something other than a person: the steps request-service takes by itself. */
    public static final String SYSTEM_ACTOR = "system:request-service";

    /**
     * Files a new request (status FILED) and writes it with its first audit entry; the request row is inserted
     * once, with its audit head. The caller has set the other columns.
     */
    public AuditEntry file(String actor, Instant at, String note) {
        status = RequestStatus.FILED;
        AuditEntry filed = AuditEntry.next(this, AuditKind.FILED, null, actor, at, note);
        persist();
        filed.persist();
        new Transition(this, filed).announce();
        return filed;
    }

    /**
     * The one way a request changes: moves it to {@code to} (closing it, with {@code closedAt}, when {@code to} is
     * not open), appends the audit entry in the hash chain, and announces the {@link Transition} to its observers.
     * The caller holds the row lock ({@link #lock}) and a transaction.
     */
    public AuditEntry transition(AuditKind kind, RequestStatus to, String actor, Instant at, String note) {
        RequestStatus from = status;
        status = to;
        if (to != from && !to.isOpen()) {
            closedAt = at;
        }
        AuditEntry entry = AuditEntry.next(this, kind, from, actor, at, note);
        entry.persist();
        new Transition(this, entry).announce();
        return entry;
    }

    /** An audit entry for an event that leaves the status as it is (a confirmation, an extension, a read...). */
    public AuditEntry record(AuditKind kind, String actor, Instant at, String note) {
        return transition(kind, status, actor, at, note);
    }

    /**
     * A decision that cannot be undone: an erasure filed on someone's behalf, or an heir's request (which may erase the
     * deceased everywhere). With four eyes on, two officers approve it.
     */
    public boolean isIrreversibleOnBehalf() {
        return channel == RequestChannel.PRIVACY_OFFICER && (type == RequestType.ERASURE || type == RequestType.HEIR);
    }

    /**
     * Four eyes: the first officer's approval of a FILED request that needs two. The status stays FILED; the approval is
     * kept on the request and in the audit trail, and the second officer's approval ({@link #transition} to
     * IN_PROGRESS) executes it. The caller holds the row lock and checked who may approve ({@link #secondApproverRefusal}).
     */
    public AuditEntry approveFirst(String officer, Instant at) {
        firstApprovedBy = officer;
        firstApprovedAt = at;
        return record(AuditKind.FIRST_APPROVAL, officer, at, "first of two approvals; awaiting a second officer, "
                + "neither the one who filed it nor " + officer);
    }

    /**
     * Why {@code officer} may not give the approval that executes this request under four eyes, or null if they may:
     * the second approver is neither the officer who filed it nor the first approver.
     */
    public String secondApproverRefusal(String officer) {
        if (officer.equals(firstApprovedBy) && officer.equals(filedBy)) {
            return "Officer " + officer + " filed this request and gave its first approval: a second officer must approve it (four eyes).";
        }
        if (officer.equals(firstApprovedBy)) {
            return "Officer " + officer + " already gave the first approval of this request: a second officer must approve it (four eyes).";
        }
        if (officer.equals(filedBy)) {
            return "Officer " + officer + " filed this request and cannot give its second approval: another officer must (four eyes).";
        }
        return null;
    }

    /** The officer who gave the first of two approvals, or null. */
    public String firstApprovedBy() {
        return firstApprovedBy;
    }

    public Instant firstApprovedAt() {
        return firstApprovedAt;
    }

    /** Links the next audit entry to the chain: called by {@link AuditEntry#next} only. */
    void chain(AuditEntry entry) {
        auditLength = entry.seq;
        auditHead = entry.hash;
    }

    public RequestStatus status() {
        return status;
    }

    public Instant closedAt() {
        return closedAt;
    }

    /** Number of audit entries written for the request. */
    public int auditLength() {
        return auditLength;
    }

    /** The hash of the last audit entry, or null before the first. */
    public String auditHead() {
        return auditHead;
    }

    public List<String> expectedSystemList() {
        return names(expectedSystems);
    }

    public List<String> liftExpectedSystemList() {
        return names(liftExpectedSystems);
    }

    private static List<String> names(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isBlank() ? List.of() : Arrays.asList(commaSeparated.split(","));
    }

    /** The order whose confirmations complete the request (erasure, rectification or restriction), or null. */
    public UUID confirmedOrderId() {
        return erasureOrderId != null ? erasureOrderId : rectificationOrderId != null ? rectificationOrderId : restrictionOrderId;
    }

    /** Which of this request's rectification, restriction or lift orders {@code orderId} is, or null if none. */
    public OrderKind orderKind(UUID orderId) {
        if (orderId.equals(rectificationOrderId)) {
            return OrderKind.RECTIFICATION;
        }
        if (orderId.equals(restrictionOrderId)) {
            return OrderKind.RESTRICTION;
        }
        return orderId.equals(liftOrderId) ? OrderKind.RESTRICTION_LIFT : null;
    }

    /** Nothing has gone out for it yet: it can still be withdrawn or rejected. */
    public boolean isUndecided() {
        return status == RequestStatus.FILED
                || (status == RequestStatus.IN_PROGRESS && confirmedOrderId() == null && !restricted);
    }

    /** The oldest open request of the subject of that type. */
    public static Optional<UUID> findOpen(String subjectId, RequestType type) {
        // The id only: a filing needs nothing else, and a loaded request would be dirty-checked at every flush.
        TypedQuery<UUID> query = getEntityManager().createQuery(FIND_OPEN, UUID.class)
                .setParameter(1, subjectId).setParameter(2, type);
        for (int i = 0; i < RequestStatus.OPEN.size(); i++) {
            query.setParameter(i + 3, RequestStatus.OPEN.get(i));
        }
        return query.setMaxResults(1).getResultList().stream().findFirst();
    }

    /**
     * The open statuses as one parameter each ({@code ?3, ?4...}): with a collection parameter ({@code in ?3}) Hibernate
     * builds the statement's SQL again at every execution, a tenth of a filing's CPU (JFR, issue 16).
     */
    private static final String FIND_OPEN = "select r.id from DataSubjectRequest r where r.subjectId = ?1 and r.type = ?2"
            + " and r.status in (" + IntStream.range(0, RequestStatus.OPEN.size()).mapToObj(i -> "?" + (i + 3))
            .collect(Collectors.joining(", ")) + ") order by r.filedAt";

    /** Four eyes: the FILED requests one officer approved that wait for a second, most urgent first. */
    public static List<DataSubjectRequest> awaitingSecondOfficer(int max) {
        return find("status = ?1 and firstApprovedBy is not null order by dueOn, filedAt, id", RequestStatus.FILED)
                .page(0, max).list();
    }

    public static Optional<DataSubjectRequest> findByErasureOrder(UUID orderId) {
        return find("erasureOrderId", orderId).firstResultOptional();
    }

    /** The request that placed a rectification, restriction or lift order. */
    public static Optional<DataSubjectRequest> findByOrder(UUID orderId) {
        return find("rectificationOrderId = ?1 or restrictionOrderId = ?1 or liftOrderId = ?1", orderId).firstResultOptional();
    }

    /** Loads the request and locks its row until the transaction ends: its transitions and audit entries are serial. */
    public static Optional<DataSubjectRequest> lock(UUID id) {
        return Optional.ofNullable(findById(id, LockModeType.PESSIMISTIC_WRITE));
    }
}
