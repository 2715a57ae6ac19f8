package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.rectification.RectificationOrdered;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * RECTIFICATION: {@code rectification-ordered} (field codes, never values) to the configured systems; each fetches
 * the values and applies them (GDPR Art. 19), so the request is answered once the order is out.
 */
@ApplicationScoped
public class RectificationApproval implements ApprovalHandler<RequestDetails.Rectification> {

    private final Outbox outbox;
    private final RequestsConfig config;

    RectificationApproval(Outbox outbox, RequestsConfig config) {
        this.outbox = outbox;
        this.config = config;
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
        List<String> expected = config.rectification().expectedSystems();
        request.rectificationOrderId = UUID.randomUUID();
        request.orderedAt = now;
        outbox.publish(Events.RECTIFICATION_ORDERED, request.subjectId, new RectificationOrdered(
                request.rectificationOrderId, request.id, request.subjectId, body.fields(), expected, now));
        return Approval.completed("rectification ordered " + request.rectificationOrderId + " to " + String.join(",", expected)
                        + "; fields " + String.join(",", body.fields()),
                "order published; each recipient fetches the values and applies them (GDPR Art. 19)");
    }
}
