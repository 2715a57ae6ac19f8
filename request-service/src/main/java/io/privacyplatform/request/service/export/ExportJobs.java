package io.privacyplatform.request.service.export;

import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ExportJob;
import io.privacyplatform.request.ExportSlice;
import io.privacyplatform.request.client.ExportSlices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The export job of an approved ACCESS (GDPR Art. 15) or PORTABILITY (Art. 20) request: one slice per service,
 * created in the approval's transaction; {@link SliceCollector} fills them, {@link ExportDocuments} assembles ONE
 * document (never a partial one), {@link ExportLinks} serves it.
 */
@ApplicationScoped
public class ExportJobs {

    /** Creates the job of an approved ACCESS or PORTABILITY request, in the approval's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String start(DataSubjectRequest request, Instant now) {
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

    /** A request withdrawn or rejected first: nothing is assembled, and the slices read so far are dropped. */
    void cancel(ExportJob job) {
        job.status = ExportJob.Status.CANCELLED;
        for (ExportSlice slice : ExportSlice.of(job.requestId)) {
            slice.payloadCt = null;
        }
    }
}
