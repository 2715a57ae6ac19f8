package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.service.OrderTracking;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * RECTIFICATION: {@code rectification-ordered} (field codes, never values) to the systems the registry expects; each
 * fetches the values, applies them (GDPR Art. 19) and confirms; the request completes when every one confirmed.
 */
@ApplicationScoped
public class RectificationApproval implements ApprovalHandler<RequestDetails.Rectification> {

    private final OrderTracking orders;

    RectificationApproval(OrderTracking orders) {
        this.orders = orders;
    }

    @Override
    public RequestType type() {
        return RequestType.RECTIFICATION;
    }

    @Override
    public Class<RequestDetails.Rectification> bodyType() {
        return RequestDetails.Rectification.class;
    }

    @Override
    public Approval approve(DataSubjectRequest request, RequestDetails.Rectification body, Instant now) {
        return Approval.inProgress(orders.orderRectification(request, body.fields(), now));
    }
}
