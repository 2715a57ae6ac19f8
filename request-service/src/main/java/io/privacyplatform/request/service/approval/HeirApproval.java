package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.Directive;
import io.privacyplatform.request.PostMortemDirective;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.service.ErasureTracking;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** HEIR (policy §13.1): the deceased's directives first; without them, what the heir asks (French law art. 85-II). */
@ApplicationScoped
public class HeirApproval implements ApprovalHandler<RequestDetails.Heir> {

    private final ErasureTracking erasures;

    HeirApproval(ErasureTracking erasures) {
        this.erasures = erasures;
    }

    @Override
    public RequestType type() {
        return RequestType.HEIR;
    }

    @Override
    public Class<RequestDetails.Heir> bodyType() {
        return RequestDetails.Heir.class;
    }

    @Override
    public Approval approve(DataSubjectRequest request, RequestDetails.Heir heir, Instant now) {
        PostMortemDirective directive = PostMortemDirective.inForce(request.subjectId).orElse(null);
        if (directive != null) {
            String note = "executing the deceased's directives: " + directive.directive;
            if (directive.directive == Directive.ERASE_ALL) {
                return Approval.inProgress(note + "; " + erasures.order(request, now));
            }
            if (directive.directive == Directive.KEEP) {
                return Approval.completed(note, "the directives keep the data");
            }
            return Approval.inProgress(note + "; the privacy officer transmits the data to the designated person, then completes");
        }
        if (heir.ask().isErasure()) {
            return Approval.inProgress("no directives; the heir asks " + heir.ask() + "; " + erasures.order(request, now));
        }
        return Approval.inProgress("no directives; the heir asks " + heir.ask() + ": handled by the privacy officer, who completes it");
    }
}
