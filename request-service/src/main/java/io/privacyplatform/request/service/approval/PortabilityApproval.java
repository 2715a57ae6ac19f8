package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.service.export.ExportJobs;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** PORTABILITY (GDPR Art. 20): an export job starts; the request completes when the export is ready. */
@ApplicationScoped
public class PortabilityApproval implements ApprovalHandler<RequestDetails.Portability> {

    private final ExportJobs jobs;

    PortabilityApproval(ExportJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public RequestType type() {
        return RequestType.PORTABILITY;
    }

    @Override
    public Class<RequestDetails.Portability> bodyType() {
        return RequestDetails.Portability.class;
    }

    @Override
    public Approval approve(DataSubjectRequest request, RequestDetails.Portability body, Instant now) {
        return Approval.inProgress(jobs.start(request, now));
    }
}
