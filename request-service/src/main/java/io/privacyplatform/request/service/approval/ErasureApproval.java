package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.service.ErasureTracking;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** ERASURE: the erasure order goes out; the request completes when every expected system confirmed. */
@ApplicationScoped
public class ErasureApproval implements ApprovalHandler<RequestDetails.Erasure> {

    private final ErasureTracking erasures;

    ErasureApproval(ErasureTracking erasures) {
        this.erasures = erasures;
    }

    @Override
    public RequestType type() {
        return RequestType.ERASURE;
    }

    @Override
    public Class<RequestDetails.Erasure> bodyType() {
        return RequestDetails.Erasure.class;
    }

    @Override
    public Approval approve(DataSubjectRequest request, RequestDetails.Erasure body, Instant now) {
        return Approval.inProgress(erasures.order(request, now));
    }
}
