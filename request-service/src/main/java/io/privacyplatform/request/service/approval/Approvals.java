package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** The approval handler of each request type; start-up fails if a type has none or two. */
@ApplicationScoped
public class Approvals {

    private final Map<RequestType, ApprovalHandler<?>> handlers = new EnumMap<>(RequestType.class);

    Approvals(Instance<ApprovalHandler<?>> all) {
        for (ApprovalHandler<?> handler : all) {
            ApprovalHandler<?> twice = handlers.put(handler.type(), handler);
            if (twice != null) {
                throw new IllegalStateException("Two approval handlers for " + handler.type() + ": "
                        + twice.getClass().getSimpleName() + " and " + handler.getClass().getSimpleName());
            }
        }
        for (RequestType type : RequestType.values()) {
            if (!handlers.containsKey(type)) {
                throw new IllegalStateException("No approval handler for " + type);
            }
        }
    }

    /** Executes the approval of the request as its type requires. */
    public ApprovalHandler.Approval execute(DataSubjectRequest request, RequestDetails details, Instant now) {
        return execute(handlers.get(request.type), request, details, now);
    }

    private static <B extends RequestDetails> ApprovalHandler.Approval execute(ApprovalHandler<B> handler,
                                                                               DataSubjectRequest request,
                                                                               RequestDetails details, Instant now) {
        return handler.approve(request, handler.bodyType().cast(details), now);
    }
}
