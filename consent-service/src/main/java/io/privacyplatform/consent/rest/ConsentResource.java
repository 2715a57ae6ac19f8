package io.privacyplatform.consent.rest;

import io.privacyplatform.consent.ConsentAction;
import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.ConsentSource;
import io.privacyplatform.consent.config.ConsentConfig;
import io.privacyplatform.consent.service.ConsentService;
import io.privacyplatform.consent.service.ConsentView;
import io.privacyplatform.consent.service.EffectiveStates;
import io.privacyplatform.consent.service.Notices;
import io.privacyplatform.consent.service.Restrictions;
import io.privacyplatform.consent.service.SuppressionList;
import io.privacyplatform.consent.service.UnsubscribeLinks;
import io.privacyplatform.contracts.export.ConsentExport;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.privacyplatform.support.subject.SubjectIds;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/consents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consents")
@SecurityRequirement(name = "bearer")
public class ConsentResource {

    private final ConsentService consents;
    private final EffectiveStates effective;
    private final SuppressionList suppression;
    private final Notices notices;
    private final Restrictions restrictions;
    private final UnsubscribeLinks links;
    private final ConsentConfig config;
    private final SecurityIdentity caller;
    private final AccessJournal journal;

    ConsentResource(ConsentService consents, EffectiveStates effective, SuppressionList suppression, Notices notices,
                    Restrictions restrictions, UnsubscribeLinks links, ConsentConfig config, SecurityIdentity caller,
                    AccessJournal journal) {
        this.consents = consents;
        this.effective = effective;
        this.suppression = suppression;
        this.notices = notices;
        this.restrictions = restrictions;
        this.links = links;
        this.config = config;
        this.caller = caller;
        this.journal = journal;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.CONSENT_RECORDER, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Record a grant or withdrawal of one purpose, with its proof",
            description = "A data subject records their own from the platform settings; the privacy officer records "
                    + "a withdrawal the subject sent by email (source email-request); the product's web backend (consent-recorder) records from the "
                    + "settings on a subject's behalf, or a partner-sourced grant (source partner, with partner and "
                    + "evidence, optionally the address to check against the suppression list). 201 with the new "
                    + "entry; 200 with the entry in force when nothing changed; 204 when withdrawing what was never "
                    + "granted. 409 for a suppressed subject or address, or a partner grant after an objection.")
    public Response record(@Valid @NotNull RecordConsent body) {
        ConsentService.Outcome outcome = consents.record(change(body));
        if (outcome.entry() == null) {
            return Response.noContent().build();
        }
        return Response.status(outcome.changed() ? Response.Status.CREATED : Response.Status.OK)
                .entity(outcome.entry()).build();
    }

    @GET
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "A subject's consents in force and their whole history",
            description = "A data subject reads their own (subjectId omitted or their own); the privacy officer names any subjectId.")
    public Views.SubjectConsents read(@QueryParam("subjectId") String subjectId) {
        String subject = readableSubject(subjectId, null);
        ConsentService.Snapshot snapshot = consents.snapshot(subject);
        Views.SubjectConsents read = new Views.SubjectConsents(subject, snapshot.current(), snapshot.history(),
                restrictions.inForce(subject));
        journal.record(Access.read(DataCategory.CONSENT_HISTORY).subject(subject));
        return read;
    }

    @GET
    @Path("/history")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Every ledger entry of a subject, oldest first, optionally for one purpose")
    public List<ConsentView> history(@QueryParam("subjectId") String subjectId, @QueryParam("purpose") String purpose) {
        String subject = readableSubject(subjectId, null);
        ConsentPurpose only = purpose == null ? null : purpose(purpose);
        List<ConsentView> read = consents.history(subject).stream()
                .filter(e -> only == null || e.purpose().equals(only.code())).toList();
        journal.record(Access.read(DataCategory.CONSENT_HISTORY).subject(subject));
        return read;
    }

    @GET
    @Path("/effective")
    @RolesAllowed({Roles.CONSENT_CHECKER, Roles.PRIVACY_OFFICER, Roles.DATA_SUBJECT})
    @Operation(summary = "May the company process (email) this subject for this purpose now?",
            description = "allowed is true only while a grant is in force (consent purposes) or no objection is "
                    + "(legitimate-interest purposes), and never while a restriction of processing is in force.")
    public Views.Effective effective(@QueryParam("subjectId") String subjectId, @QueryParam("purpose") String purpose) {
        String subject = readableSubject(subjectId, Roles.CONSENT_CHECKER);
        if (purpose == null) {
            throw invalid("purpose", "is required", "Name the purpose.");
        }
        Views.Effective read = Views.Effective.of(effective.of(subject, purpose(purpose)));
        journal.record(Access.read(DataCategory.EFFECTIVE_CONSENT).subject(subject));
        return read;
    }

    @POST
    @Path("/effective")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CONSENT_CHECKER, Roles.PRIVACY_OFFICER})
    @Operation(summary = "The effective state of many subjects for one purpose (marketing tools: before a send)",
            description = "At most consent.batch-limit (default 1,000) subject ids; one answer per distinct id, in order.")
    public Views.EffectiveAnswers effectiveBatch(@Valid @NotNull Views.EffectiveQuery query) {
        ConsentPurpose purpose = purpose(query.purpose());
        if (query.subjectIds().size() > config.batchLimit()) {
            throw invalid("subjectIds", "must hold at most " + config.batchLimit() + " subject ids",
                    "Too many subject ids in one query; split the batch.");
        }
        Views.EffectiveAnswers read = new Views.EffectiveAnswers(purpose.code(),
                effective.of(query.subjectIds(), purpose).stream().map(Views.Effective::of).toList());
        journal.recordAll(query.subjectIds().stream().distinct()
                .map(subject -> Access.read(DataCategory.EFFECTIVE_CONSENT).subject(subject)).toList());
        return read;
    }

    @GET
    @Path("/export")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER, Roles.SUBJECT_EXPORT_READER})
    @Transactional
    @Operation(summary = "The consent-service slice of an access or portability export (JSON)",
            description = "For request-service to assemble (subject-export-reader), the privacy officer, or the subject "
                    + "themselves: the whole ledger, the notice texts it refers to, what is in force, restrictions "
                    + "and unsubscribe links (never their tokens).")
    public ConsentExport export(@QueryParam("subjectId") String subjectId) {
        String subject = readableSubject(subjectId, Roles.SUBJECT_EXPORT_READER);
        ConsentService.Snapshot snapshot = consents.snapshot(subject);
        List<Notices.Notice> referred = notices.referredBy(snapshot.history());
        // Connection logging of policy §10: who read which subject's consents (pseudonymous ids only).
        String reader = caller.getPrincipal().getName();
        Log.infof("Consent export of subject %s read by %s (%s)", subject, reader, callerRole());
        ConsentExport export = Views.export(subject, consents.now(), snapshot.history(), snapshot.current(), referred,
                restrictions.ofSubject(subject), links.ofSubject(subject));
        journal.record(Access.read(DataCategory.CONSENT_HISTORY).subject(subject));
        return export;
    }

    /** The role rules: which subject, channel and fields each caller may use; the change to record. */
    private ConsentService.Change change(RecordConsent body) {
        String actor = caller.getPrincipal().getName();
        ConsentPurpose purpose = purpose(body.purpose());
        ConsentSource source = body.source() == null ? null : ConsentSource.fromCode(body.source()).orElseThrow(() ->
                invalid("source", "must be one of " + ConsentSource.codes(), "Unsupported source; allowed: " + ConsentSource.codes() + "."));

        String subjectId;
        String role;
        if (caller.hasRole(Roles.PRIVACY_OFFICER)) {
            role = Roles.PRIVACY_OFFICER;
            subjectId = required(body.subjectId(), "is required when the privacy officer records a withdrawal");
            if (body.granted()) {
                throw Problems.unprocessable("The privacy officer records withdrawals only (policy §11: by email); "
                        + "a grant needs the subject's own act.");
            }
            source = orDefault(source, ConsentSource.EMAIL_REQUEST, List.of(ConsentSource.EMAIL_REQUEST), "the privacy officer");
        } else if (caller.hasRole(Roles.CONSENT_RECORDER)) {
            role = Roles.CONSENT_RECORDER;
            subjectId = required(body.subjectId(), "is required when a backend records a consent");
            source = orDefault(source, ConsentSource.PLATFORM_SETTINGS,
                    List.of(ConsentSource.PLATFORM_SETTINGS, ConsentSource.PARTNER), "a backend (consent-recorder)");
            if (source == ConsentSource.PARTNER) {
                if (!body.granted()) {
                    throw Problems.unprocessable("A partner passes on a client's request to be contacted; "
                            + "withdrawals come from the subject (settings, link, email).");
                }
                if (body.partner() == null || body.evidence() == null) {
                    throw Problems.invalid(body.partner() == null ? "partner" : "evidence", "is required for source partner",
                            "A partner-sourced grant names the partner and the evidence of the client's request (policy §6).");
                }
            }
        } else {
            role = Roles.DATA_SUBJECT;
            if (body.subjectId() != null && !body.subjectId().equals(actor)) {
                throw Problems.forbidden("A data subject records consents for themselves only.");
            }
            if (body.email() != null) {
                throw invalid("email", "is given by the platform only", "The address comes from the platform backend.");
            }
            source = orDefault(source, ConsentSource.PLATFORM_SETTINGS, List.of(ConsentSource.PLATFORM_SETTINGS), "a data subject");
            subjectId = actor;
        }
        if (source != ConsentSource.PARTNER && body.partner() != null) {
            throw invalid("partner", "is only for source partner", "Only a partner-sourced grant names a partner.");
        }
        String emailHash = body.email() == null ? null : suppression.emailHash(body.email(), "email");

        return new ConsentService.Change(subjectId, purpose,
                body.granted() ? ConsentAction.GRANT : ConsentAction.WITHDRAW, source, body.policyVersion(),
                body.noticeHash(), actor, role, body.partner(), body.evidence(), null, emailHash);
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CONSENT_RECORDER, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Record many changes at once, all or nothing (imports, bulk withdrawals)",
            description = "At most consent.batch-limit (default 1,000) changes, each under the rules of POST /consents, in "
                    + "one transaction: a refused change refuses the batch, naming it (changes[i]). Answers one result per "
                    + "change, in order: changed, and the entry in force (absent when never answered).")
    @Transactional
    public Views.BatchResults recordBatch(@Valid @NotNull Views.BatchChanges body) {
        if (body.changes().size() > config.batchLimit()) {
            throw invalid("changes", "must hold at most " + config.batchLimit() + " changes", "Too many changes in one batch; split it.");
        }
        List<Views.BatchResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < body.changes().size(); i++) {
            RecordConsent item = body.changes().get(i);
            // One transaction for the batch: record() joins it, and a refused change rolls every change back.
            ConsentService.Outcome outcome = atIndex(i, () -> consents.record(change(item)));
            results.add(new Views.BatchResult(outcome.changed(), outcome.entry()));
        }
        return new Views.BatchResults(results);
    }

    /** Re-throws a problem about one change of a batch with its position in the field names. */
    static <T> T atIndex(int index, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            List<Problem.FieldError> errors = e.errors().isEmpty()
                    ? List.of(new Problem.FieldError("changes[" + index + "]", e.getMessage()))
                    : e.errors().stream().map(f -> new Problem.FieldError("changes[" + index + "]." + f.field(), f.message())).toList();
            throw new ProblemException(e.status(), e.title(), "Change " + index + " of the batch: " + e.getMessage(), errors);
        }
    }

    /** The subject a caller may read: any named one for the officer (and {@code anySubjectRole}), else their own. */
    private String readableSubject(String subjectId, String anySubjectRole) {
        if (caller.hasRole(Roles.PRIVACY_OFFICER) || (anySubjectRole != null && caller.hasRole(anySubjectRole))) {
            return SubjectIds.requireValid(subjectId);
        }
        String own = caller.getPrincipal().getName();
        if (subjectId != null && !subjectId.equals(own)) {
            throw Problems.forbidden("A data subject reads their own consents only.");
        }
        return own;
    }

    private String callerRole() {
        return caller.hasRole(Roles.PRIVACY_OFFICER) ? Roles.PRIVACY_OFFICER
                : caller.hasRole(Roles.SUBJECT_EXPORT_READER) ? Roles.SUBJECT_EXPORT_READER : Roles.DATA_SUBJECT;
    }

    static ConsentPurpose purpose(String code) {
        return ConsentPurpose.fromCode(code).orElseThrow(() -> invalid("purpose", "must be one of " + ConsentPurpose.codes(),
                "Unsupported purpose; allowed: " + ConsentPurpose.codes() + "."));
    }

    private static String required(String subjectId, String rule) {
        if (subjectId == null) {
            throw SubjectIds.invalid(rule);
        }
        return subjectId;
    }

    private static ConsentSource orDefault(ConsentSource given, ConsentSource fallback, List<ConsentSource> allowed, String who) {
        ConsentSource source = given == null ? fallback : given;
        if (!allowed.contains(source)) {
            throw Problems.unprocessable("Source " + source.code() + " is not for " + who + "; allowed: "
                    + allowed.stream().map(ConsentSource::code).toList() + ".");
        }
        return source;
    }

    static ProblemException invalid(String field, String rule, String detail) {
        return Problems.invalid(field, rule, detail);
    }
}
