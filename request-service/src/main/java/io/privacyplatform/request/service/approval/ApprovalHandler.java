package io.privacyplatform.request.service.approval;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestDetails;

import java.time.Instant;

/**
 * What approving a request of one type executes: one CDI bean per {@link RequestType}, chosen by {@link Approvals}.
 * A handler places orders (through the outbox), records directives or starts an export, in the approval's
 * transaction, and says what the audit trail records; it never changes the request's status itself.
 *
 * @param <B> the body of its type
 */
public interface ApprovalHandler<B extends RequestDetails> {

    RequestType type();

    Class<B> bodyType();

    Approval approve(DataSubjectRequest request, B body, Instant now);

    /**
     * What an approval did: the note of the APPROVED entry, and, when the request is answered at once, the note of
     * its COMPLETED entry (null: it stays IN_PROGRESS until confirmations, an export or the officer close it).
     */
    record Approval(String note, String completion) {

        static Approval inProgress(String note) {
            return new Approval(note, null);
        }

        static Approval completed(String note, String completion) {
            return new Approval(note, completion);
        }
    }
}
