package io.privacyplatform.retention.rest;

import io.privacyplatform.contracts.export.RetentionExport;
import io.privacyplatform.retention.service.ConnectionLogService;
import io.privacyplatform.retention.service.DatastoreSubjectData;
import io.privacyplatform.retention.service.RetentionClocks;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.privacyplatform.support.subject.SubjectIds;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * A subject's retention, for the privacy officer, the platform, and the subject themself (their own only): the
 * clocks, and the slice of the access export (Art. 15: what is held, since when, until when, why), contract
 * {@code HttpContracts.RETENTION_EXPORT}.
 */
@Path("/subjects/{subjectId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subjects")
@SecurityRequirement(name = "bearer")
public class SubjectResource {

    private final RetentionClocks clocks;
    private final ConnectionLogService connectionLogs;
    private final DatastoreSubjectData datastores;
    private final SecurityIdentity identity;
    private final AccessJournal journal;

    SubjectResource(RetentionClocks clocks, ConnectionLogService connectionLogs, DatastoreSubjectData datastores,
                    SecurityIdentity identity, AccessJournal journal) {
        this.clocks = clocks;
        this.connectionLogs = connectionLogs;
        this.datastores = datastores;
        this.identity = identity;
        this.journal = journal;
    }

    @GET
    @Path("/retention")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.DATA_SUBJECT})
    @Operation(summary = "Each purpose's expiry and the subject's erasure date, with the rule that applies")
    public RetentionClocks.SubjectClocks retention(@PathParam("subjectId") String subjectId) {
        return clocks.of(allowed(subjectId, null));
    }

    @GET
    @Path("/export")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SUBJECT_EXPORT_READER, Roles.DATA_SUBJECT})
    @Operation(summary = "Access-request slice: what is held, since when, until when, and why; connection logs and the "
            + "company datastores' export columns included (503 while a datastore cannot be read)")
    public RetentionExport export(@PathParam("subjectId") String subjectId) {
        String subject = allowed(subjectId, Roles.SUBJECT_EXPORT_READER);
        RetentionClocks.SubjectClocks view = clocks.of(subject);
        List<RetentionExport.Held> held = view.purposes().stream().map(p -> new RetentionExport.Held(p.purpose(), p.title(),
                p.legalBasis() == null ? null : p.legalBasis().name(), p.legalBasisText(), p.dataCategories(), p.source(),
                p.collectedAt(), p.expiresAt(), p.rule() == null ? null : p.rule().summary(),
                p.rule() == null ? null : p.rule().section(),
                p.held() ? "a legal hold keeps this data beyond its expiry until the hold ends" : null)).toList();
        List<RetentionExport.ConnectionLog> logs = connectionLogs.ofSubject(subject).stream()
                .map(log -> new RetentionExport.ConnectionLog(log.occurredAt(), log.kind(), log.ipAddress())).toList();
        RetentionExport export = new RetentionExport(subject, "retention", view.evaluatedAt(), view.policyVersion(),
                view.erasureAt(), held, logs, datastores.exportSlices(subject));
        journal.record(Access.read(DataCategory.RETENTION_EXPORT, DataCategory.CONNECTION_LOGS_IP).subject(subject));
        return export;
    }

    /** The subject named, if the caller may read any subject (the officer, {@code anySubjectRole}) or it is their own. */
    private String allowed(String subjectId, String anySubjectRole) {
        String subject = SubjectIds.requireValid(subjectId);
        boolean staff = identity.hasRole(Roles.PRIVACY_OFFICER) || (anySubjectRole != null && identity.hasRole(anySubjectRole));
        if (!staff && !subject.equals(identity.getPrincipal().getName())) {
            throw Problems.forbidden("A data subject may read their own retention only.");
        }
        return subject;
    }
}
