package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.service.export.ExportJobs;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** ACCESS (GDPR Art. 15): an export job starts; the request completes when the export is ready. */
@ApplicationScoped
public class AccessApproval implements ApprovalHandler<RequestDetails.Access> {

    private final ExportJobs jobs;

    AccessApproval(ExportJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public RequestType type() {
        return RequestType.ACCESS;
    }

    @Override
    public Class<RequestDetails.Access> bodyType() {
        return RequestDetails.Access.class;
    }

    @Override
    public Approval approve(DataSubjectRequest request, RequestDetails.Access body, Instant now) {
        return Approval.inProgress(jobs.start(request, now));
    }
}
