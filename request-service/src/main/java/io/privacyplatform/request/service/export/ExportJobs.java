package io.privacyplatform.request.service.export;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ExportJob;
import io.privacyplatform.request.ExportSlice;
import io.privacyplatform.request.client.ExportSlices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The export job of an approved ACCESS (GDPR Art. 15) or PORTABILITY (Art. 20) request: one slice per service,
 * created in the approval's transaction; {@link SliceCollector} fills them, {@link ExportDocuments} assembles ONE
 * document (never a partial one), {@link ExportLinks} serves it.
 */
@ApplicationScoped
public class ExportJobs {

    /** The types of request that have an export job. */
    static final Set<RequestType> EXPORTED = EnumSet.of(RequestType.ACCESS, RequestType.PORTABILITY);

    /** Creates the job of an approved ACCESS or PORTABILITY request, in the approval's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String start(DataSubjectRequest request, Instant now) {
        if (!EXPORTED.contains(request.type)) {
            throw new IllegalArgumentException("no export for a " + request.type + " request");
        }
        ExportJob job = new ExportJob();
        job.requestId = request.id;
        job.subjectId = request.subjectId;
        job.kind = request.type.name();
        job.status = ExportJob.Status.PENDING;
        job.createdAt = now;
        job.persist();
        for (String service : ExportSlices.SERVICES) {
            ExportSlice slice = new ExportSlice();
            slice.requestId = request.id;
            slice.service = service;
            slice.status = ExportSlice.Status.MISSING;
            slice.nextAttemptAt = now;
            slice.persist();
        }
        return "export assembling from " + String.join(",", ExportSlices.SERVICES);
    }

    public Optional<ExportJob> job(UUID requestId) {
        return ExportJob.findByIdOptional(requestId);
    }

    /** The request's export job: looked up only for the types that have one (every request's view asks). */
    public Optional<ExportJob> job(DataSubjectRequest request) {
        return EXPORTED.contains(request.type) ? job(request.id) : Optional.empty();
    }

    /** A request withdrawn or rejected first: nothing is assembled, and the slices read so far are dropped. */
    void cancel(ExportJob job) {
        job.status = ExportJob.Status.CANCELLED;
        for (ExportSlice slice : ExportSlice.of(job.requestId)) {
            slice.payloadCt = null;
        }
    }
}
