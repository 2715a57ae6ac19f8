package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.service.OrderTracking;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * RESTRICTION: {@code restriction-changed} restricted=true to the systems the registry expects; the request completes
 * when every one confirmed; the restriction stays in force until the officer lifts it.
 */
@ApplicationScoped
public class RestrictionApproval implements ApprovalHandler<RequestDetails.Restriction> {

    private final OrderTracking orders;

    RestrictionApproval(OrderTracking orders) {
        this.orders = orders;
    }

    @Override
    public RequestType type() {
        return RequestType.RESTRICTION;
    }

    @Override
    public Class<RequestDetails.Restriction> bodyType() {
        return RequestDetails.Restriction.class;
    }

    @Override
    public Approval approve(DataSubjectRequest request, RequestDetails.Restriction body, Instant now) {
        return Approval.inProgress(orders.orderRestriction(request, body.ground(), now));
    }
}
