package io.privacyplatform.request.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.Directive;
import io.privacyplatform.request.PostMortemDirective;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.Transition;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A subject's post-mortem directives (policy §13.1): which action a request may take on them, applying an approved
 * one, ending them when an heir's request completes on them, and reading them back decrypted (for the officer handling
 * an heir's request). Only directives in force count; ended ones stay as a record until the purge deletes them.
 */
@ApplicationScoped
public class SubjectDirectives {

    private final FieldCipher cipher;
    private final RequestSecrets secrets;

    SubjectDirectives(FieldCipher cipher, RequestSecrets secrets) {
        this.cipher = cipher;
        this.secrets = secrets;
    }

    /** RECORD when none exist, UPDATE or REVOKE when some do; 409 otherwise. */
    public void checkApplicable(String subjectId, RequestDetails.DirectiveAction action) {
        boolean exist = PostMortemDirective.inForce(subjectId).isPresent();
        if (action == RequestDetails.DirectiveAction.RECORD && exist) {
            throw Problems.conflict("Post-mortem directives are already recorded for this subject: file an UPDATE or a REVOKE.");
        }
        if (action != RequestDetails.DirectiveAction.RECORD && !exist) {
            throw Problems.conflict("No post-mortem directives are recorded for this subject: file a RECORD first.");
        }
    }

    /** Records, updates or revokes the subject's directives as the approved request says; returns the audit note. */
    public String apply(DataSubjectRequest request, RequestDetails.PostMortemDirectives body, Instant now) {
        checkApplicable(request.subjectId, body.action());
        PostMortemDirective current = PostMortemDirective.findById(request.subjectId);
        if (body.action() == RequestDetails.DirectiveAction.REVOKE) {
            current.end(PostMortemDirective.EndReason.REVOKED, request.id, now);
            return "directives revoked";
        }
        PostMortemDirective directive = current != null ? current : new PostMortemDirective();
        directive.recordAgain();
        directive.subjectId = request.subjectId;
        directive.directive = body.directive();
        directive.detailsCt = cipher.encrypt(secrets.json(new DirectiveDetails(body.designatedPerson(), body.instructions())),
                Sealed.directivesOf(request.subjectId));
        directive.requestId = request.id;
        directive.recordedAt = now;
        directive.persist();
        return "directives " + (body.action() == RequestDetails.DirectiveAction.RECORD ? "recorded" : "updated") + ": " + body.directive();
    }

    /** What is stored, encrypted, with a directive. */
    public record DirectiveDetails(RequestDetails.Person designatedPerson, String instructions) {
    }

    /**
     * An heir's request that completes (in full or in part) has executed the deceased's directives in force: they end.
     * Observed in the closing step's transaction.
     */
    void onHeirClosed(@Observes Transition transition) {
        if (transition.type() == RequestType.HEIR && transition.from() != null && transition.from().isOpen()
                && (transition.to() == RequestStatus.COMPLETED || transition.to() == RequestStatus.PARTIALLY_COMPLETED)) {
            PostMortemDirective.inForce(transition.subjectId()).ifPresent(d ->
                    d.end(PostMortemDirective.EndReason.EXECUTED, transition.requestId(), transition.at()));
        }
    }

    /** The directives in force of a subject, decrypted. */
    public Optional<RecordedDirectives> current(String subjectId) {
        return PostMortemDirective.inForce(subjectId).map(d -> new RecordedDirectives(d.directive,
                secrets.read(cipher.decrypt(d.detailsCt, Sealed.directivesOf(subjectId)), new TypeReference<DirectiveDetails>() { }),
                d.requestId, d.recordedAt));
    }

    public record RecordedDirectives(Directive directive, DirectiveDetails details, UUID requestId, Instant recordedAt) {
    }
}
