package io.privacyplatform.request.rest;

import io.privacyplatform.contracts.rectification.CorrectedValues;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.AuditEntry;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.service.AuditTrail;
import io.privacyplatform.request.service.ErasureTracking;
import io.privacyplatform.request.service.RequestFiling;
import io.privacyplatform.request.service.RequestQueries;
import io.privacyplatform.request.service.RequestService;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Data-subject requests. A subject files, reads, verifies and withdraws their own requests; the privacy
 * officer sees all of them and decides; a platform service reads the values of an approved rectification.
 * A subject asking about someone else's request gets the same 404 as for one that does not exist.
 */
@Path("/requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Data-subject requests")
@SecurityRequirement(name = "bearer")
public class RequestResource {

    private static final String JSON = MediaType.APPLICATION_JSON;

    private final RequestFiling filings;
    private final RequestService requests;
    private final RequestQueries queries;
    private final RequestViews views;
    private final ErasureTracking erasures;
    private final AuditTrail audit;
    private final SecurityIdentity caller;
    private final AccessJournal journal;

    RequestResource(RequestFiling filings, RequestService requests, RequestQueries queries, RequestViews views,
                    ErasureTracking erasures, AuditTrail audit, SecurityIdentity caller, AccessJournal journal) {
        this.filings = filings;
        this.requests = requests;
        this.queries = queries;
        this.views = views;
        this.erasures = erasures;
        this.audit = audit;
        this.caller = caller;
        this.journal = journal;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DATA_SUBJECT)
    @Operation(summary = "File a request for the authenticated subject",
            description = "The subject id is the token's sub; `type` selects the body (ACCESS, RECTIFICATION, ERASURE, "
                    + "RESTRICTION, PORTABILITY, OBJECTION, POST_MORTEM_DIRECTIVES; HEIR is filed by the privacy officer). "
                    + "The body is stored encrypted and never published. An open request of the same type does not stop "
                    + "the filing: the new one is linked to it (`duplicateOf`). Due date: receipt + one calendar month. "
                    + "Beside the type's fields: `language` (fr, the default, or en) of the mails to the person, and "
                    + "`contactEmail`, where they go when the account's datastores hold no address (stored encrypted until "
                    + "the request is closed and its mails are sent).")
    @RequestBody(content = @Content(mediaType = JSON, schema = @Schema(implementation = FileRequest.class), examples = {
            @ExampleObject(name = "erasure", value = Examples.ERASURE),
            @ExampleObject(name = "access", value = Examples.ACCESS),
            @ExampleObject(name = "rectification", value = Examples.RECTIFICATION),
            @ExampleObject(name = "restriction", value = Examples.RESTRICTION),
            @ExampleObject(name = "portability", value = Examples.PORTABILITY),
            @ExampleObject(name = "objection to prospection", value = Examples.OBJECTION_PROSPECTION),
            @ExampleObject(name = "objection to processing", value = Examples.OBJECTION_PROCESSING),
            @ExampleObject(name = "post-mortem directives", value = Examples.DIRECTIVES)}))
    @APIResponse(responseCode = "201", description = "Filed; Location names the request",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RequestView.class), examples = {
                    @ExampleObject(name = "filed", value = Examples.VIEW),
                    @ExampleObject(name = "linked to an open request of the same type", value = Examples.VIEW_DUPLICATE)}))
    @APIResponse(responseCode = "400", description = "Unknown type, missing or oversized field, broken rule: `errors` names each field and rule")
    @APIResponse(responseCode = "409", description = "Post-mortem directives: RECORD when some exist, UPDATE or REVOKE when none do")
    @APIResponse(responseCode = "422", description = "HEIR filed by a data subject; PORTABILITY with `transmitTo` (direct "
            + "transmission to another controller, GDPR Art. 20(2), is not available yet: file without it and send the "
            + "downloaded export)", content = @Content(mediaType = "application/problem+json",
            examples = @ExampleObject(name = "transmitTo not available", value = Examples.TRANSMISSION_UNAVAILABLE)))
    public Response file(@Valid @NotNull Filing body, UriInfo uri) {
        checkBody("", body.request());
        String subjectId = caller.getPrincipal().getName();
        // The filing and the view it answers in one transaction: one connection instead of one per query of the view.
        RequestView filed = QuarkusTransaction.joiningExisting().call(() -> view(filings.file(subjectId,
                body.request().toDetails(), RequestFiling.Filer.subject(subjectId), body.contact())));
        return Response.created(uri.getAbsolutePathBuilder().path(filed.id().toString()).build()).entity(filed).build();
    }

    @POST
    @Path("on-behalf")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "File a request on someone's behalf (privacy officer)",
            description = "For a request received by email or letter: the officer records how identity was checked "
                    + "(channel PRIVACY_OFFICER). HEIR requests are filed this way, with subjectId the deceased and the "
                    + "method PROOF_OF_DEATH_AND_HEIRSHIP.")
    @RequestBody(content = @Content(mediaType = JSON, schema = @Schema(implementation = Actions.FileOnBehalf.class), examples = {
            @ExampleObject(name = "erasure received by email", value = Examples.ON_BEHALF),
            @ExampleObject(name = "heir", value = Examples.ON_BEHALF_HEIR)}))
    @APIResponse(responseCode = "201", description = "Filed", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = RequestView.class), examples = @ExampleObject(name = "filed", value = Examples.VIEW)))
    @APIResponse(responseCode = "400", description = "Invalid subject id, body or identity check")
    public Response fileOnBehalf(@Valid @NotNull Actions.FileOnBehalf body, UriInfo uri) {
        checkBody("request.", body.request());
        DataSubjectRequest request = decided("file-on-behalf", () -> filings.file(body.subjectId(), body.request().toDetails(),
                new RequestFiling.Filer(caller.getPrincipal().getName(), RequestChannel.PRIVACY_OFFICER,
                        body.identityCheck().method(), body.identityCheck().note()),
                Filing.contact(body.language(), body.contactEmail())));
        return Response.created(uri.getBaseUriBuilder().path("requests").path(request.id.toString()).build())
                .entity(view(request)).build();
    }

    @GET
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "List requests: the officer's queue, or a subject's own requests",
            description = "Most urgent deadline first. Filters: status (repeatable), type, dueFrom, dueTo (ISO dates). "
                    + "A data subject sees only their own requests.")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(mediaType = JSON,
            examples = @ExampleObject(name = "queue", value = Examples.PAGE)))
    @APIResponse(responseCode = "400", description = "Unknown status or type, malformed date, page size out of 1..200")
    public Page<RequestSummary> list(@QueryParam("status") List<String> status, @QueryParam("type") String type,
                                     @QueryParam("dueFrom") String dueFrom, @QueryParam("dueTo") String dueTo,
                                     @Valid @BeanParam PageParams paging) {
        List<RequestStatus> statuses = status == null || status.isEmpty() ? null
                : status.stream().map(s -> enumParam("status", s, RequestStatus.class)).toList();
        String subject = isOfficer() ? null : caller.getPrincipal().getName();
        return page(new RequestQueries.Filter(subject, statuses, type == null ? null : enumParam("type", type, RequestType.class),
                dateParam("dueFrom", dueFrom), dateParam("dueTo", dueTo), false), paging);
    }

    @GET
    @Path("overdue")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Open requests past their deadline (privacy officer)",
            description = "Their count is the gauge requests_overdue.")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(mediaType = JSON,
            examples = @ExampleObject(name = "overdue", value = Examples.PAGE)))
    public Page<RequestSummary> overdue(@Valid @BeanParam PageParams paging) {
        return page(queries.overdue(), paging);
    }

    @GET
    @Path("due-soon")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Open requests due today or within the next days (privacy officer)",
            description = "days defaults to requests.due-soon-days (7).")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(mediaType = JSON,
            examples = @ExampleObject(name = "due soon", value = Examples.PAGE)))
    public Page<RequestSummary> dueSoon(@QueryParam("days") @Min(0) @Max(92) Integer days,
                                        @Valid @BeanParam PageParams paging) {
        return page(queries.dueSoon(days), paging);
    }

    @GET
    @Path("attention")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Open requests that need the officer: an expected system stayed silent past the alert time",
            description = "requests.orders.silence-alert after the order (erasure, rectification or restriction); "
                    + "`attention` names the silent systems. Next to the page, `refusedConfirmations`: how many "
                    + "confirmations the gate refused (unregistered system, principal not the system's owner) and the "
                    + "latest " + AttentionPage.LATEST + "; all of them at GET /requests/attention/refused-confirmations.")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(mediaType = JSON,
            examples = @ExampleObject(name = "attention", value = AttentionPage.EXAMPLE)))
    public AttentionPage attention(@Valid @BeanParam PageParams paging) {
        return AttentionPage.of(page(queries.attention(), paging));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "One request: body, deadline, decisions, notices to the subject, audit trail",
            description = "A subject sees only their own (another's answers 404). A refusal carries its legal ground, the "
                    + "officer's text and the right to complain to the CNIL.")
    @APIResponse(responseCode = "200", description = "The request", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = RequestView.class), examples = {
            @ExampleObject(name = "filed", value = Examples.VIEW),
            @ExampleObject(name = "rejected", value = Examples.VIEW_REJECTED),
            @ExampleObject(name = "extended", value = Examples.VIEW_EXTENDED)}))
    @APIResponse(responseCode = "404", description = "No such request, or not the caller's")
    public RequestView get(@PathParam("id") UUID id) {
        DataSubjectRequest request = visible(id);
        RequestView view = view(request);
        journal.record(Access.read(DataCategory.REQUEST_DETAILS).subject(request.subjectId).request(request.id));
        return view;
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Approve a filed request: it is executed as its type requires (privacy officer)",
            description = "ERASURE: erasure-ordered with the exemptions, completes when every system confirmed. "
                    + "RECTIFICATION: rectification-ordered (field codes; values at GET /requests/{id}/rectification), "
                    + "completes when every system confirmed (order-confirmed). RESTRICTION: restriction-changed "
                    + "restricted=true, completes when every system confirmed. POST_MORTEM_DIRECTIVES: recorded, completed. "
                    + "HEIR: the deceased's directives, else the heir's ask (closure or objection: erasure-ordered). "
                    + "ACCESS, PORTABILITY, OBJECTION: in progress until the officer completes them.")
    @APIResponse(responseCode = "200", description = "Approved", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = RequestView.class), examples = @ExampleObject(name = "erasure ordered", value = Examples.VIEW_IN_PROGRESS)))
    @APIResponse(responseCode = "404", description = "No such request")
    @APIResponse(responseCode = "409", description = "Not FILED, or the directives changed since filing; four eyes "
            + "(requests.four-eyes.enabled: an erasure filed on behalf, an heir's request): the first approval only records "
            + "itself (200, still FILED, `fourEyes.awaitingSecondOfficer`), and the second by the filer or the first approver is refused")
    public RequestView approve(@PathParam("id") UUID id) {
        return view(decided("approve", () -> requests.approve(id, caller.getPrincipal().getName())));
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Refuse a request on a legal ground, with the reasons (privacy officer)",
            description = "Grounds: MANIFESTLY_UNFOUNDED, MANIFESTLY_EXCESSIVE (Art. 12(5), any type); FREEDOM_OF_EXPRESSION, "
                    + "LEGAL_OBLIGATION, PUBLIC_INTEREST, ARCHIVING, LEGAL_CLAIMS (Art. 17(3), ERASURE and HEIR only). Only a "
                    + "request nothing was executed for yet. The subject reads the ground, the text and the right to complain to the CNIL.")
    @RequestBody(content = @Content(mediaType = JSON, schema = @Schema(implementation = Actions.Reject.class),
            examples = @ExampleObject(name = "legal claims", value = Examples.REJECT)))
    @APIResponse(responseCode = "200", description = "Rejected", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = RequestView.class), examples = @ExampleObject(name = "rejected", value = Examples.VIEW_REJECTED)))
    @APIResponse(responseCode = "409", description = "Closed, or its order is already out")
    @APIResponse(responseCode = "422", description = "An Art. 17(3) ground for a request that is not an erasure")
    public RequestView reject(@PathParam("id") UUID id, @Valid @NotNull Actions.Reject body) {
        return view(decided("reject", () -> requests.reject(id, caller.getPrincipal().getName(), body.ground(), body.text())));
    }

    @POST
    @Path("{id}/withdraw")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Withdraw a request (the subject, or the officer recording the subject's withdrawal)",
            description = "Only while nothing was executed for it: FILED, or in progress without an order out.")
    @APIResponse(responseCode = "200", description = "Withdrawn", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = RequestView.class), examples = @ExampleObject(name = "withdrawn", value = """
            {"id":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","type":"ACCESS","status":"WITHDRAWN","closedAt":"2026-02-02T08:00:00Z"}""")))
    @APIResponse(responseCode = "404", description = "No such request, or not the caller's")
    @APIResponse(responseCode = "409", description = "Closed, or its order is already out")
    public RequestView withdraw(@PathParam("id") UUID id) {
        visible(id);
        return view(decided("withdraw", () -> requests.withdraw(id, caller.getPrincipal().getName())));
    }

    @POST
    @Path("{id}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Extend the deadline by one or two months, once, with a reason (privacy officer)",
            description = "GDPR Art. 12(3): new deadline = receipt + 1 + months calendar months; only until the first "
                    + "deadline; the subject reads the notice on the request.")
    @RequestBody(content = @Content(mediaType = JSON, schema = @Schema(implementation = Actions.Extend.class),
            examples = @ExampleObject(name = "two months", value = Examples.EXTEND)))
    @APIResponse(responseCode = "200", description = "Extended", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = RequestView.class), examples = @ExampleObject(name = "extended", value = Examples.VIEW_EXTENDED)))
    @APIResponse(responseCode = "400", description = "months not 1 or 2, reason missing or too long")
    @APIResponse(responseCode = "409", description = "Closed, or already extended once")
    @APIResponse(responseCode = "422", description = "The first deadline has passed")
    public RequestView extend(@PathParam("id") UUID id, @Valid @NotNull Actions.Extend body) {
        return view(decided("extend", () -> requests.extend(id, caller.getPrincipal().getName(), body.months(), body.reason())));
    }

    @POST
    @Path("{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Close a request in progress as completed, or partially completed with reasons (privacy officer)",
            description = "For what the officer answers (access, portability, objection, heirs) and for an erasure a "
                    + "system never confirmed (only PARTIALLY_COMPLETED then). A later confirmation still completes it.")
    @RequestBody(content = @Content(mediaType = JSON, schema = @Schema(implementation = Actions.Complete.class),
            examples = {@ExampleObject(name = "partially", value = Examples.COMPLETE),
                    @ExampleObject(name = "completed", value = "{\"outcome\":\"COMPLETED\"}")}))
    @APIResponse(responseCode = "200", description = "Closed", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = RequestView.class), examples = @ExampleObject(name = "partially", value = Examples.VIEW_COMPLETED)))
    @APIResponse(responseCode = "400", description = "PARTIALLY_COMPLETED without reasons")
    @APIResponse(responseCode = "409", description = "Not IN_PROGRESS, or COMPLETED while systems have not confirmed")
    public RequestView complete(@PathParam("id") UUID id, @Valid @NotNull Actions.Complete body) {
        return view(decided("complete", () -> requests.complete(id, caller.getPrincipal().getName(),
                body.outcome() == Actions.Outcome.PARTIALLY_COMPLETED, body.reasons())));
    }

    @POST
    @Path("{id}/restriction/lift")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Lift the restriction of an approved RESTRICTION request (privacy officer)",
            description = "GDPR Art. 18(3): the person is informed before the restriction is lifted. The lift is "
                    + "announced (RESTRICTION_LIFT_ANNOUNCED; the RESTRICTION_LIFT mail is queued) and restriction-changed "
                    + "with restricted=false goes to the registry's systems once that mail is sent, or at once when no "
                    + "address is known, or after requests.notifications.lift-waits-at-most (2d) if the mail server stays "
                    + "down. Until then `restriction.inForce` stays true with `liftAnnouncedAt`.")
    @RequestBody(content = @Content(mediaType = JSON, schema = @Schema(implementation = Actions.LiftRestriction.class),
            examples = @ExampleObject(name = "checked", value = Examples.LIFT)))
    @APIResponse(responseCode = "200", description = "Announced; lifted once the person is told", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = RequestView.class), examples = @ExampleObject(name = "lifted", value = Examples.VIEW_LIFTED)))
    @APIResponse(responseCode = "409", description = "No restriction in force on this request, or its lift is already announced")
    public RequestView liftRestriction(@PathParam("id") UUID id, @Valid @NotNull Actions.LiftRestriction body) {
        return view(decided("lift-restriction", () -> requests.liftRestriction(id, caller.getPrincipal().getName(), body.reason())));
    }

    @GET
    @Path("{id}/rectification")
    @RolesAllowed(Roles.RECTIFICATION_READER)
    @Operation(summary = "The new values of an approved rectification (platform services, e.g. partner-sync)",
            description = "rectification-ordered carries field codes only; a recipient fetches the values here with its "
                    + "service token (role rectification-reader), by the event's requestId. Each read is in the audit trail.")
    @APIResponse(responseCode = "200", description = "The values", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = CorrectedValues.class),
            examples = @ExampleObject(name = "values", value = Examples.RECTIFICATION_VALUES)))
    @APIResponse(responseCode = "404", description = "No rectification request with this id")
    @APIResponse(responseCode = "409", description = "Not approved (nothing to apply)")
    public CorrectedValues rectification(@PathParam("id") UUID id) {
        RequestService.RectificationRead read = QuarkusTransaction.joiningExisting().call(() -> {
            RequestService.RectificationRead values = requests.readRectification(id, caller.getPrincipal().getName());
            journal.record(Access.read(DataCategory.RECTIFICATION_VALUES).subject(values.request().subjectId)
                    .request(values.request().id));
            return values;
        });
        DataSubjectRequest request = read.request();
        return new CorrectedValues(request.id, request.rectificationOrderId, request.subjectId, read.values().corrections()
                .stream().map(c -> new CorrectedValues.Correction(c.field(), c.value())).toList());
    }

    @GET
    @Path("{id}/receipt")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Erasure receipt: each system's outcome, evidence, retained data and notices",
            description = "For a request with an erasure order; `awaiting` lists the systems that have not answered; "
                    + "`registeredSystems` names every system of the registry with its outcome, `awaiting`, or "
                    + "`not concerned by this order` and the reason.")
    @APIResponse(responseCode = "200", description = "The receipt", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = ReceiptView.class), examples = @ExampleObject(name = "receipt", value = Examples.RECEIPT)))
    @APIResponse(responseCode = "404", description = "No such request, or not the caller's")
    @APIResponse(responseCode = "409", description = "No erasure order (yet)")
    public ReceiptView receipt(@PathParam("id") UUID id) {
        return ReceiptView.of(erasures.receipt(visible(id)));
    }

    @GET
    @Path("{id}/audit/verify")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Recompute the request's audit chain: intact, or the first entry that does not hold",
            description = "Each entry carries the SHA-256 of the previous one; the request records the length and the last "
                    + "hash, so edited, inserted and removed entries all show.")
    @APIResponse(responseCode = "200", description = "The verification", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = AuditVerification.class), examples = {
            @ExampleObject(name = "intact", value = Examples.VERIFIED),
            @ExampleObject(name = "broken", value = """
                    {"intact":false,"requests":1,"entries":4,"broken":[{"requestId":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","seq":2,"reason":"its content does not match its hash"}]}""")}))
    @APIResponse(responseCode = "404", description = "No such request, or not the caller's")
    public AuditVerification verify(@PathParam("id") UUID id) {
        DataSubjectRequest request = visible(id);
        return AuditVerification.of(request.id, (int) AuditEntry.count("requestId", request.id), audit.verify(request));
    }

    @GET
    @Path("audit/verify")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Recompute the audit chain of every request (privacy officer)",
            description = "Reports up to 100 broken chains, each at its first entry that does not hold.")
    @APIResponse(responseCode = "200", description = "The verification", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = AuditVerification.class), examples = {
            @ExampleObject(name = "intact", value = Examples.VERIFIED),
            @ExampleObject(name = "broken", value = Examples.VERIFIED_BROKEN)}))
    public AuditVerification verifyAll() {
        AuditTrail.Summary summary = audit.verifyAll(100);
        return new AuditVerification(summary.broken().isEmpty(), summary.requests(), summary.entries(),
                summary.broken().stream().map(b -> new AuditVerification.Broken(b.requestId(), b.at().seq(), b.at().reason())).toList());
    }

    /** A decision and its access journal entry, in one transaction. */
    private DataSubjectRequest decided(String what, Supplier<DataSubjectRequest> decision) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            DataSubjectRequest request = decision.get();
            journal.record(Access.decision(what, DataCategory.DECISION, DataCategory.REQUEST_DETAILS)
                    .subject(request.subjectId).request(request.id));
            return request;
        });
    }

    private boolean isOfficer() {
        return caller.hasRole(Roles.PRIVACY_OFFICER);
    }

    /** A subject asking for someone else's request gets the same 404 as for one that does not exist. */
    private DataSubjectRequest visible(UUID id) {
        DataSubjectRequest request = DataSubjectRequest.<DataSubjectRequest>findByIdOptional(id)
                .filter(r -> isOfficer() || r.subjectId.equals(caller.getPrincipal().getName()))
                .orElseThrow(() -> Problems.notFound("No request " + id + "."));
        return request;
    }

    /** The rules across fields of the body's type, as a 400 naming each field. */
    private static void checkBody(String prefix, FileRequest body) {
        List<Problem.FieldError> errors = body.violations();
        if (!errors.isEmpty()) {
            throw Problems.invalidFields(errors.stream().map(e -> new Problem.FieldError(prefix + e.field(), e.message())).toList());
        }
    }

    private Page<RequestSummary> page(RequestQueries.Filter filter, PageParams paging) {
        RequestQueries.Page found = queries.list(filter, paging.page, paging.size);
        boolean officer = isOfficer();
        return new Page<>(found.items().stream().map(r -> RequestSummary.of(r, officer)).toList(), paging.page, paging.size,
                found.total());
    }

    private RequestView view(DataSubjectRequest request) {
        return views.of(request, isOfficer());
    }

    private static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw Problems.invalid("Unsupported value of '" + name + "'; allowed: " + allowed + ".",
                    List.of(new Problem.FieldError(name, "must be one of " + allowed)));
        }
    }

    private static LocalDate dateParam(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problems.invalid("'" + name + "' is not a date.",
                    List.of(new Problem.FieldError(name, "must be an ISO date, e.g. 2026-02-28")));
        }
    }
}
