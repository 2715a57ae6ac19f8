package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** OBJECTION: in progress; the privacy officer handles it and completes it. */
@ApplicationScoped
public class ObjectionApproval implements ApprovalHandler<RequestDetails.Objection> {

    @Override
    public RequestType type() {
        return RequestType.OBJECTION;
    }

    @Override
    public Class<RequestDetails.Objection> bodyType() {
        return RequestDetails.Objection.class;
    }

    @Override
    public Approval approve(DataSubjectRequest request, RequestDetails.Objection body, Instant now) {
        return Approval.inProgress("handled by the privacy officer, who completes it");
    }
}
