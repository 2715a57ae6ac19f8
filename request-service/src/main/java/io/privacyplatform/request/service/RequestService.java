package io.privacyplatform.request.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.rectification.RectificationOrdered;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestFiled;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.request.AuditEntry;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.Directive;
import io.privacyplatform.request.IdentityCheckMethod;
import io.privacyplatform.request.PostMortemDirective;
import io.privacyplatform.request.RejectionGround;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.request.rest.FileRequest;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The request lifecycle: filing (with duplicate detection), approval into what each type needs, rejection,
 * withdrawal, extension, completion, lifting a restriction. Every change takes the request's row lock and
 * appends to its audit trail in the same transaction; events go through the outbox in that transaction.
 */
@ApplicationScoped
public class RequestService {

    private final Outbox outbox;
    private final RequestsConfig config;
    private final ObjectMapper objectMapper;
    private final MeterRegistry meters;
    private final AuditTrail audit;
    private final FieldCipher cipher;
    private final Deadlines deadlines;
    private final ErasureTracking erasures;
    private final EntityManager entityManager;
    private final Exports exports;

    RequestService(Outbox outbox, RequestsConfig config, ObjectMapper objectMapper, MeterRegistry meters, AuditTrail audit,
                   FieldCipher cipher, Deadlines deadlines, ErasureTracking erasures, EntityManager entityManager,
                   Exports exports) {
        this.exports = exports;
        this.outbox = outbox;
        this.config = config;
        this.objectMapper = objectMapper;
        this.meters = meters;
        this.audit = audit;
        this.cipher = cipher;
        this.deadlines = deadlines;
        this.erasures = erasures;
        this.entityManager = entityManager;
    }

    /** Who files: the subject themself, or the privacy officer with how they checked the person's identity. */
    public record Filer(String actor, RequestChannel channel, IdentityCheckMethod identityCheck, String identityCheckNote) {

        public static Filer subject(String subjectId) {
            return new Filer(subjectId, RequestChannel.PLATFORM, null, null);
        }
    }

    /**
     * Files a request. An open request of the same type for the same subject does not stop it: the new one is
     * recorded (its own receipt date and deadline) and linked to the oldest open one ({@code duplicateOf}), so
     * nothing the subject sent is lost and the officer answers them together.
     */
    @Transactional
    public DataSubjectRequest file(String subjectId, FileRequest body, Filer filer) {
        checkRules(body, filer);
        if (body instanceof FileRequest.PostMortemDirectives directives) {
            checkDirectivesExist(subjectId, directives.action());
        }
        // Filings of one subject are serialised, so two at once cannot both miss each other as duplicates.
        entityManager.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended(?1, 4))) l")
                .setParameter(1, subjectId).getSingleResult();

        Instant now = deadlines.now();
        DataSubjectRequest request = new DataSubjectRequest();
        request.id = UUID.randomUUID();
        request.subjectId = subjectId;
        request.type = body.type();
        request.channel = filer.channel();
        request.status = RequestStatus.FILED;
        request.filedBy = filer.actor();
        request.filedAt = now;
        request.dueOn = deadlines.dueOn(now);
        request.firstDueOn = request.dueOn;
        request.duplicateOf = DataSubjectRequest.findOpen(subjectId, body.type()).map(open -> open.id).orElse(null);
        request.detailsCt = cipher.encrypt(bodyJson(body), Sealed.DETAILS.place(request.id));
        request.identityCheck = filer.identityCheck();
        request.identityCheckCt = cipher.encrypt(filer.identityCheckNote(), Sealed.IDENTITY_CHECK.place(request.id));

        List<String> note = new ArrayList<>();
        if (filer.identityCheck() != null) {
            note.add("filed on the subject's behalf; identity checked: " + filer.identityCheck());
        }
        if (request.duplicateOf != null) {
            note.add("duplicate of open request " + request.duplicateOf);
        }
        AuditEntry filed = audit.next(request, AuditKind.FILED, null, filer.actor(), now, note.isEmpty() ? null : String.join("; ", note));
        request.persist();
        filed.persist();

        FileRequest.Objection objection = body instanceof FileRequest.Objection o ? o : null;
        outbox.publish(Events.REQUEST_FILED, subjectId, new RequestFiled(request.id, subjectId, request.type,
                request.channel, now, request.dueOn, objection == null ? null : objection.scope(),
                objection == null ? null : objection.purposes()));
        meters.counter("requests.filed", "type", request.type.name()).increment();
        return request;
    }

    private static void checkRules(FileRequest body, Filer filer) {
        List<Problem.FieldError> errors = new ArrayList<>();
        boolean heir = body.type() == RequestType.HEIR;
        if (heir && filer.channel() != RequestChannel.PRIVACY_OFFICER) {
            throw new ProblemException(422, "Unprocessable request", "HEIR requests are filed by the privacy officer "
                    + "(POST /requests/on-behalf), who checks the proofs of death and of heirship.",
                    List.of(new Problem.FieldError("type", "HEIR is filed by the privacy officer")));
        }
        if (filer.identityCheck() != null) {
            if (heir != (filer.identityCheck() == IdentityCheckMethod.PROOF_OF_DEATH_AND_HEIRSHIP)) {
                errors.add(new Problem.FieldError("identityCheck.method", heir
                        ? "must be PROOF_OF_DEATH_AND_HEIRSHIP for a HEIR request"
                        : "PROOF_OF_DEATH_AND_HEIRSHIP is for HEIR requests only"));
            }
            if (filer.identityCheck() == IdentityCheckMethod.OTHER && (filer.identityCheckNote() == null || filer.identityCheckNote().isBlank())) {
                errors.add(new Problem.FieldError("identityCheck.note", "is required when the method is OTHER"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Invalid request", "The request has invalid fields; see errors.", errors);
        }
    }

    private static void checkDirectivesExist(String subjectId, FileRequest.DirectiveAction action) {
        boolean exist = PostMortemDirective.findByIdOptional(subjectId).isPresent();
        if (action == FileRequest.DirectiveAction.RECORD && exist) {
            throw ProblemException.conflict("Post-mortem directives are already recorded for this subject: file an UPDATE or a REVOKE.");
        }
        if (action != FileRequest.DirectiveAction.RECORD && !exist) {
            throw ProblemException.conflict("No post-mortem directives are recorded for this subject: file a RECORD first.");
        }
    }

    /**
     * The privacy officer approves a filed request, and it is executed as its type requires: an erasure order
     * (ERASURE; HEIR when the directives or the heir's ask call for it), a rectification order, a restriction,
     * the directives recorded; ACCESS and PORTABILITY start an export job (the request completes when the export is
     * ready); OBJECTION stays in progress until the officer completes it.
     */
    @Transactional
    public DataSubjectRequest approve(UUID requestId, String officer) {
        DataSubjectRequest request = locked(requestId);
        if (request.status != RequestStatus.FILED) {
            throw ProblemException.conflict("Request " + requestId + " is " + request.status + "; only FILED requests can be approved.");
        }
        FileRequest details = details(request);
        Instant now = deadlines.now();
        request.status = RequestStatus.IN_PROGRESS;
        switch (request.type) {
            case ERASURE -> audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now, erasures.order(request, now));
            case RECTIFICATION -> {
                FileRequest.Rectification rectification = (FileRequest.Rectification) details;
                List<String> expected = config.rectification().expectedSystems();
                request.rectificationOrderId = UUID.randomUUID();
                request.orderedAt = now;
                outbox.publish(Events.RECTIFICATION_ORDERED, request.subjectId, new RectificationOrdered(
                        request.rectificationOrderId, request.id, request.subjectId, rectification.fields(), expected, now));
                audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now, "rectification ordered "
                        + request.rectificationOrderId + " to " + String.join(",", expected) + "; fields " + String.join(",", rectification.fields()));
                close(request, RequestStatus.COMPLETED, ErasureTracking.SYSTEM_ACTOR, now,
                        "order published; each recipient fetches the values and applies them (GDPR Art. 19)");
            }
            case RESTRICTION -> {
                FileRequest.Restriction restriction = (FileRequest.Restriction) details;
                List<String> expected = config.restriction().expectedSystems();
                request.restricted = true;
                request.orderedAt = now;
                outbox.publish(Events.RESTRICTION_CHANGED, request.subjectId, new RestrictionChanged(request.id,
                        request.subjectId, true, restriction.ground(), expected, now));
                audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now,
                        "restriction (" + restriction.ground() + ") ordered to " + String.join(",", expected));
                close(request, RequestStatus.COMPLETED, ErasureTracking.SYSTEM_ACTOR, now,
                        "restriction in force until the privacy officer lifts it");
            }
            case POST_MORTEM_DIRECTIVES -> {
                String applied = applyDirectives(request, (FileRequest.PostMortemDirectives) details, now);
                audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now, applied);
                close(request, RequestStatus.COMPLETED, ErasureTracking.SYSTEM_ACTOR, now, "directives in force");
            }
            case HEIR -> approveHeir(request, (FileRequest.Heir) details, officer, now);
            case ACCESS, PORTABILITY -> audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now,
                    exports.start(request, now));
            default -> audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now,
                    "handled by the privacy officer, who completes it");
        }
        return request;
    }

    private String applyDirectives(DataSubjectRequest request, FileRequest.PostMortemDirectives body, Instant now) {
        checkDirectivesExist(request.subjectId, body.action());
        PostMortemDirective current = PostMortemDirective.findById(request.subjectId);
        if (body.action() == FileRequest.DirectiveAction.REVOKE) {
            current.delete();
            return "directives revoked";
        }
        PostMortemDirective directive = current != null ? current : new PostMortemDirective();
        directive.subjectId = request.subjectId;
        directive.directive = body.directive();
        directive.detailsCt = cipher.encrypt(json(new DirectiveDetails(body.designatedPerson(), body.instructions())),
                Sealed.directivesOf(request.subjectId));
        directive.requestId = request.id;
        directive.recordedAt = now;
        directive.persist();
        return "directives " + (body.action() == FileRequest.DirectiveAction.RECORD ? "recorded" : "updated") + ": " + body.directive();
    }

    /** What is stored, encrypted, with a directive. */
    public record DirectiveDetails(FileRequest.Person designatedPerson, String instructions) {
    }

    /** Policy §13.1: the deceased's directives first; without them, what the heir asks (French law art. 85-II). */
    private void approveHeir(DataSubjectRequest request, FileRequest.Heir heir, String officer, Instant now) {
        PostMortemDirective directive = PostMortemDirective.findById(request.subjectId);
        if (directive != null) {
            String note = "executing the deceased's directives: " + directive.directive;
            if (directive.directive == Directive.ERASE_ALL) {
                audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now, note + "; " + erasures.order(request, now));
            } else if (directive.directive == Directive.KEEP) {
                audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now, note);
                close(request, RequestStatus.COMPLETED, ErasureTracking.SYSTEM_ACTOR, now, "the directives keep the data");
            } else {
                audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now,
                        note + "; the privacy officer transmits the data to the designated person, then completes");
            }
        } else if (heir.ask().isErasure()) {
            audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now,
                    "no directives; the heir asks " + heir.ask() + "; " + erasures.order(request, now));
        } else {
            audit.append(request, AuditKind.APPROVED, RequestStatus.FILED, officer, now,
                    "no directives; the heir asks " + heir.ask() + ": handled by the privacy officer, who completes it");
        }
    }

    /** Refuses a request nothing was executed for yet, on a legal ground, with a text the subject reads. */
    @Transactional
    public DataSubjectRequest reject(UUID requestId, String officer, RejectionGround ground, String text) {
        DataSubjectRequest request = locked(requestId);
        if (!request.isUndecided()) {
            throw ProblemException.conflict("Request " + requestId + " is " + request.status
                    + (request.status.isOpen() ? " and its order is out" : "") + "; only a request nothing was executed for can be rejected.");
        }
        if (!ground.appliesTo(request.type)) {
            throw new ProblemException(422, "Unprocessable request", ground + " (" + ground.article()
                    + ") is an exemption from erasure; it cannot refuse a " + request.type + " request.",
                    List.of(new Problem.FieldError("ground", "an Art. 17(3) ground applies to ERASURE and HEIR requests only")));
        }
        Instant now = deadlines.now();
        RequestStatus from = request.status;
        request.rejectionGround = ground;
        request.rejectionTextCt = cipher.encrypt(text, Sealed.REJECTION_TEXT.place(request.id));
        request.status = RequestStatus.REJECTED;
        request.closedAt = now;
        audit.append(request, AuditKind.REJECTED, from, officer, now, ground + " (" + ground.article() + ")");
        return request;
    }

    /** The subject takes back a request nothing was executed for yet. */
    @Transactional
    public DataSubjectRequest withdraw(UUID requestId, String actor) {
        DataSubjectRequest request = locked(requestId);
        if (!request.isUndecided()) {
            throw ProblemException.conflict("Request " + requestId + " is " + request.status
                    + (request.status.isOpen() ? " and its order is out" : "") + "; it can no longer be withdrawn.");
        }
        Instant now = deadlines.now();
        RequestStatus from = request.status;
        request.status = RequestStatus.WITHDRAWN;
        request.closedAt = now;
        audit.append(request, AuditKind.WITHDRAWN, from, actor, now, null);
        return request;
    }

    /**
     * GDPR Art. 12(3): one extension, by one or two further months counted from receipt, decided with a reason
     * before the first deadline passes; the subject reads it on the request.
     */
    @Transactional
    public DataSubjectRequest extend(UUID requestId, String officer, int months, String reason) {
        DataSubjectRequest request = locked(requestId);
        if (!request.status.isOpen()) {
            throw ProblemException.conflict("Request " + requestId + " is " + request.status + "; only open requests can be extended.");
        }
        if (request.extendedMonths != null) {
            throw ProblemException.conflict("Request " + requestId + " was already extended (to " + request.dueOn
                    + "); GDPR Art. 12(3) allows one extension.");
        }
        if (deadlines.today().isAfter(request.firstDueOn)) {
            throw new ProblemException(422, "Unprocessable request", "The first deadline (" + request.firstDueOn
                    + ") has passed: an extension must be decided and told to the subject within the first month (GDPR Art. 12(3)).",
                    List.of(new Problem.FieldError("months", "an extension is possible only until the first deadline")));
        }
        Instant now = deadlines.now();
        request.extendedMonths = months;
        request.extendedAt = now;
        request.extendedBy = officer;
        request.extensionReasonCt = cipher.encrypt(reason, Sealed.EXTENSION_REASON.place(request.id));
        request.dueOn = deadlines.extendedDueOn(request.filedAt, months);
        audit.append(request, AuditKind.EXTENDED, request.status, officer, now,
                "by " + months + " month(s) to " + request.dueOn);
        return request;
    }

    /**
     * The privacy officer closes a request in progress: completed, or partially completed with the reasons the
     * subject reads. An erasure with systems still silent can only close partially.
     */
    @Transactional
    public DataSubjectRequest complete(UUID requestId, String officer, boolean partially, List<String> reasons) {
        DataSubjectRequest request = locked(requestId);
        if (request.status != RequestStatus.IN_PROGRESS) {
            throw ProblemException.conflict("Request " + requestId + " is " + request.status + "; only IN_PROGRESS requests can be completed.");
        }
        boolean noReasons = reasons == null || reasons.isEmpty();
        if (partially && noReasons) {
            throw new ProblemException(400, "Invalid request", "A partial completion states its reasons.",
                    List.of(new Problem.FieldError("reasons", "is required for PARTIALLY_COMPLETED")));
        }
        List<String> awaiting = erasures.awaiting(request);
        if (!partially && !awaiting.isEmpty()) {
            throw ProblemException.conflict("Systems " + String.join(", ", awaiting) + " have not confirmed the erasure; "
                    + "close it as PARTIALLY_COMPLETED with the reasons, or wait.");
        }
        Instant now = deadlines.now();
        if (!noReasons) {
            request.outcomeReasonsCt = cipher.encrypt(json(reasons), Sealed.OUTCOME_REASONS.place(request.id));
        }
        close(request, partially ? RequestStatus.PARTIALLY_COMPLETED : RequestStatus.COMPLETED, officer, now,
                "closed by the privacy officer" + (noReasons ? "" : "; " + reasons.size() + " reason(s)")
                        + (awaiting.isEmpty() ? "" : "; no answer from " + String.join(",", awaiting)));
        return request;
    }

    /** Ends the restriction of an approved RESTRICTION request: {@code restriction-changed} with restricted=false. */
    @Transactional
    public DataSubjectRequest liftRestriction(UUID requestId, String officer, String reason) {
        DataSubjectRequest request = locked(requestId);
        if (request.type != RequestType.RESTRICTION || !request.restricted) {
            throw ProblemException.conflict("Request " + requestId + " has no restriction in force"
                    + (request.type != RequestType.RESTRICTION ? " (it is a " + request.type + " request)" : "") + ".");
        }
        FileRequest.Restriction restriction = (FileRequest.Restriction) details(request);
        Instant now = deadlines.now();
        List<String> expected = config.restriction().expectedSystems();
        request.restricted = false;
        request.restrictionLiftedAt = now;
        request.restrictionLiftCt = cipher.encrypt(reason, Sealed.RESTRICTION_LIFT.place(request.id));
        outbox.publish(Events.RESTRICTION_CHANGED, request.subjectId, new RestrictionChanged(request.id,
                request.subjectId, false, restriction.ground(), expected, now));
        audit.append(request, AuditKind.RESTRICTION_LIFTED, request.status, officer, now,
                "restriction lifted at " + String.join(",", expected));
        return request;
    }

    /**
     * The values of an approved rectification, for a platform service applying it (partner-sync-service); each
     * read is recorded in the audit trail (who read which subject's data, policy §10).
     */
    @Transactional
    public RectificationRead readRectification(UUID requestId, String reader) {
        DataSubjectRequest request = DataSubjectRequest.lock(requestId)
                .filter(r -> r.type == RequestType.RECTIFICATION)
                .orElseThrow(() -> ProblemException.notFound("No rectification request " + requestId + "."));
        if (request.rectificationOrderId == null) {
            throw ProblemException.conflict("Rectification request " + requestId + " is " + request.status
                    + "; values are served once it is approved.");
        }
        audit.append(request, AuditKind.VALUES_READ, request.status, reader, deadlines.now(),
                "rectification values read for order " + request.rectificationOrderId);
        return new RectificationRead(request, (FileRequest.Rectification) details(request));
    }

    public record RectificationRead(DataSubjectRequest request, FileRequest.Rectification values) {
    }

    private void close(DataSubjectRequest request, RequestStatus closed, String actor, Instant now, String note) {
        RequestStatus from = request.status;
        request.status = closed;
        request.closedAt = now;
        audit.append(request, closed == RequestStatus.COMPLETED ? AuditKind.COMPLETED : AuditKind.PARTIALLY_COMPLETED,
                from, actor, now, note);
    }

    private DataSubjectRequest locked(UUID requestId) {
        return DataSubjectRequest.lock(requestId).orElseThrow(() -> ProblemException.notFound("No request " + requestId + "."));
    }

    /** Which requests a list shows; null means any. */
    public record Filter(String subjectId, List<RequestStatus> statuses, RequestType type, LocalDate dueFrom,
                         LocalDate dueTo, boolean attention) {
    }

    public record Page(List<DataSubjectRequest> items, long total) {
    }

    /** A page of requests, most urgent deadline first. */
    public Page list(Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.subjectId() != null) {
            where.add("subjectId = :subject");
            params.put("subject", filter.subjectId());
        }
        if (filter.statuses() != null) {
            where.add("status in :statuses");
            params.put("statuses", filter.statuses());
        }
        if (filter.type() != null) {
            where.add("type = :type");
            params.put("type", filter.type());
        }
        if (filter.dueFrom() != null) {
            where.add("dueOn >= :dueFrom");
            params.put("dueFrom", filter.dueFrom());
        }
        if (filter.dueTo() != null) {
            where.add("dueOn <= :dueTo");
            params.put("dueTo", filter.dueTo());
        }
        if (filter.attention()) {
            where.add("attentionSince is not null");
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by dueOn, filedAt, id";
        PanacheQuery<DataSubjectRequest> found = DataSubjectRequest.find(query, params);
        return new Page(found.page(page, size).list(), found.count());
    }

    /** Open requests whose deadline has passed. */
    public Filter overdue() {
        return new Filter(null, RequestStatus.OPEN, null, null, deadlines.today().minusDays(1), false);
    }

    /** Open requests due today or within {@code days}. */
    public Filter dueSoon(Integer days) {
        LocalDate today = deadlines.today();
        return new Filter(null, RequestStatus.OPEN, null, today, today.plusDays(days == null ? config.dueSoonDays() : days), false);
    }

    /** Open requests an expected system left unanswered past the alert time. */
    public Filter attention() {
        return new Filter(null, RequestStatus.OPEN, null, null, null, true);
    }

    // Decryption of what the views show; only the caller who may see the request asks.

    public FileRequest details(DataSubjectRequest request) {
        String json = cipher.decrypt(request.detailsCt, Sealed.DETAILS.place(request.id));
        if (json == null) {
            // Filed before bodies existed (only ERASURE was handled then).
            return new FileRequest.Erasure(null);
        }
        return read(json, new TypeReference<FileRequest>() { });
    }

    public String reveal(DataSubjectRequest request, Sealed column, String stored) {
        return cipher.decrypt(stored, column.place(request.id));
    }

    public List<String> outcomeReasons(DataSubjectRequest request) {
        String json = reveal(request, Sealed.OUTCOME_REASONS, request.outcomeReasonsCt);
        return json == null ? List.of() : read(json, new TypeReference<List<String>>() { });
    }

    /** The current directives of a subject, decrypted. */
    public Optional<RecordedDirectives> directives(String subjectId) {
        return PostMortemDirective.<PostMortemDirective>findByIdOptional(subjectId).map(d -> new RecordedDirectives(d.directive,
                read(cipher.decrypt(d.detailsCt, Sealed.directivesOf(subjectId)), new TypeReference<DirectiveDetails>() { }),
                d.requestId, d.recordedAt));
    }

    public record RecordedDirectives(Directive directive, DirectiveDetails details, UUID requestId, Instant recordedAt) {
    }

    /** Written as the base type, so the stored JSON carries {@code type} and reads back polymorphically. */
    private String bodyJson(FileRequest body) {
        try {
            return objectMapper.writerFor(FileRequest.class).writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a " + body.type() + " body", e);
        }
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return objectMapper.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON does not read back as " + type.getType().getTypeName());
        }
    }
}
