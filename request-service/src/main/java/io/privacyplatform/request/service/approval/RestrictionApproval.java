package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** RESTRICTION: {@code restriction-changed} restricted=true; in force until the officer lifts it. */
@ApplicationScoped
public class RestrictionApproval implements ApprovalHandler<RequestDetails.Restriction> {

    private final Outbox outbox;
    private final RequestsConfig config;

    RestrictionApproval(Outbox outbox, RequestsConfig config) {
        this.outbox = outbox;
        this.config = config;
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
        List<String> expected = config.restriction().expectedSystems();
        request.restricted = true;
        request.orderedAt = now;
        outbox.publish(Events.RESTRICTION_CHANGED, request.subjectId, new RestrictionChanged(request.id,
                request.subjectId, true, body.ground(), expected, now));
        return Approval.completed("restriction (" + body.ground() + ") ordered to " + String.join(",", expected),
                "restriction in force until the privacy officer lifts it");
    }
}
