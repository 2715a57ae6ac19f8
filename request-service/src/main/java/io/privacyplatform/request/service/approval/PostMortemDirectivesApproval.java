package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.service.SubjectDirectives;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** POST_MORTEM_DIRECTIVES: the subject's directives recorded, updated or revoked; answered at once. */
@ApplicationScoped
public class PostMortemDirectivesApproval implements ApprovalHandler<RequestDetails.PostMortemDirectives> {

    private final SubjectDirectives directives;

    PostMortemDirectivesApproval(SubjectDirectives directives) {
        this.directives = directives;
    }

    @Override
    public RequestType type() {
        return RequestType.POST_MORTEM_DIRECTIVES;
    }

    @Override
    public Class<RequestDetails.PostMortemDirectives> bodyType() {
        return RequestDetails.PostMortemDirectives.class;
    }

    @Override
    public Approval approve(DataSubjectRequest request, RequestDetails.PostMortemDirectives body, Instant now) {
        return Approval.completed(directives.apply(request, body, now), "directives in force");
    }
}
