package io.privacyplatform.request.service;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestFiled;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.IdentityCheckMethod;
import io.privacyplatform.request.Language;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Filing a request, whoever files it (the subject, the officer on someone's behalf, the email channel once the
 * code is verified): the rules of who may file what, duplicate linking, the deadline, the body sealed, the first
 * audit entry and {@code request-filed} through the outbox, in one transaction.
 */
@ApplicationScoped
public class RequestFiling {

    /**
     * Namespace of the per-subject filing locks (two-key form: {@code (namespace, hashtext(subjectId))}). Before
     * issue 11 the key was {@code hashtextextended(subjectId, 4)}: while replicas of both versions run side by side
     * (a rolling update) their filings of one subject are not serialised against each other.
     */
    private static final int SUBJECT_FILINGS_LOCK = 4_000_001;

    private final Outbox outbox;
    private final Deadlines deadlines;
    private final RequestSecrets secrets;
    private final SubjectDirectives directives;
    private final AdvisoryLocks locks;

    RequestFiling(Outbox outbox, Deadlines deadlines, RequestSecrets secrets, SubjectDirectives directives, AdvisoryLocks locks) {
        this.outbox = outbox;
        this.deadlines = deadlines;
        this.secrets = secrets;
        this.directives = directives;
        this.locks = locks;
    }

    /** Who files: the subject themself, or the privacy officer with how they checked the person's identity. */
    public record Filer(String actor, RequestChannel channel, IdentityCheckMethod identityCheck, String identityCheckNote) {

        public static Filer subject(String subjectId) {
            return new Filer(subjectId, RequestChannel.PLATFORM, null, null);
        }
    }

    /**
     * How the person is written to about the request: the language of the mails, and an address when no account
     * datastore has one (an heir's, or one the person gave; null otherwise). The address is stored encrypted.
     */
    public record Contact(Language language, String email) {

        public static final Contact DEFAULT = new Contact(Language.FR, null);

        @Override
        public String toString() {
            return "Contact[" + language + (email == null ? "" : ", address given") + "]";
        }
    }

    /** Files a request in French, without an address given (the account datastores may have one). */
    @Transactional
    public DataSubjectRequest file(String subjectId, RequestDetails body, Filer filer) {
        return file(subjectId, body, filer, Contact.DEFAULT);
    }

    /**
     * Files a request. An open request of the same type for the same subject does not stop it: the new one is
     * recorded (its own receipt date and deadline) and linked to the oldest open one ({@code duplicateOf}), so
     * nothing the subject sent is lost and the officer answers them together.
     */
    @Transactional
    public DataSubjectRequest file(String subjectId, RequestDetails body, Filer filer, Contact contact) {
        checkRules(body, filer);
        if (body instanceof RequestDetails.PostMortemDirectives asked) {
            directives.checkApplicable(subjectId, asked.action());
        }
        // Filings of one subject are serialised, so two at once cannot both miss each other as duplicates.
        locks.lock(SUBJECT_FILINGS_LOCK, subjectId);

        Instant now = deadlines.now();
        DataSubjectRequest request = new DataSubjectRequest();
        request.id = UUID.randomUUID();
        request.subjectId = subjectId;
        request.type = body.type();
        request.channel = filer.channel();
        request.filedBy = filer.actor();
        request.filedAt = now;
        request.dueOn = deadlines.dueOn(now);
        request.firstDueOn = request.dueOn;
        request.duplicateOf = DataSubjectRequest.findOpen(subjectId, body.type()).orElse(null);
        request.detailsCt = secrets.seal(request, Sealed.DETAILS, secrets.detailsJson(body));
        request.identityCheck = filer.identityCheck();
        request.identityCheckCt = secrets.seal(request, Sealed.IDENTITY_CHECK, filer.identityCheckNote());
        request.language = contact.language().code();
        request.contactEmailCt = secrets.seal(request, Sealed.CONTACT_EMAIL, contact.email());

        List<String> note = new ArrayList<>();
        if (filer.identityCheck() != null) {
            note.add("filed on the subject's behalf; identity checked: " + filer.identityCheck());
        }
        if (request.duplicateOf != null) {
            note.add("duplicate of open request " + request.duplicateOf);
        }
        request.file(filer.actor(), now, note.isEmpty() ? null : String.join("; ", note));

        RequestDetails.Objection objection = body instanceof RequestDetails.Objection o ? o : null;
        outbox.publish(Events.REQUEST_FILED, subjectId, new RequestFiled(request.id, subjectId, request.type,
                request.channel, now, request.dueOn, objection == null ? null : objection.scope(),
                objection == null ? null : objection.purposes()));
        return request;
    }

    /**
     * Refuses (422) what no part of the platform carries out yet, on every channel, before anything is recorded: a
     * portability request with {@code transmitTo} would otherwise be completed although nothing is transmitted.
     */
    public static void refuseUnavailable(RequestDetails body) {
        if (body instanceof RequestDetails.Portability portability && portability.transmitTo() != null) {
            throw Problems.unprocessable("Direct transmission to another controller (GDPR Art. 20(2)) is not available yet: "
                            + "file without transmitTo and send the downloaded export.",
                    List.of(new Problem.FieldError("transmitTo", TRANSMISSION_UNAVAILABLE)));
        }
    }

    private static final String TRANSMISSION_UNAVAILABLE = "direct transmission to another controller (GDPR Art. 20(2)) is not "
            + "available yet: file without transmitTo and send the downloaded export";

    private static void checkRules(RequestDetails body, Filer filer) {
        refuseUnavailable(body);
        List<Problem.FieldError> errors = new ArrayList<>();
        boolean heir = body.type() == RequestType.HEIR;
        if (heir && filer.channel() != RequestChannel.PRIVACY_OFFICER) {
            throw Problems.unprocessable("HEIR requests are filed by the privacy officer "
                    + "(POST /requests/on-behalf), who checks the proofs of death and of heirship.",
                    List.of(new Problem.FieldError("type", "HEIR is filed by the privacy officer")));
        }
        if (filer.identityCheck() != null) {
            if (heir != (filer.identityCheck() == IdentityCheckMethod.PROOF_OF_DEATH_AND_HEIRSHIP)) {
                errors.add(new Problem.FieldError("identityCheck.method", heir
                        ? "must be PROOF_OF_DEATH_AND_HEIRSHIP for a HEIR request"
                        : "PROOF_OF_DEATH_AND_HEIRSHIP is for HEIR requests only"));
            }
            if (filer.identityCheck() == IdentityCheckMethod.OTHER && (filer.identityCheckNote() == null || filer.identityCheckNote().isBlank())) {
                errors.add(new Problem.FieldError("identityCheck.note", "is required when the method is OTHER"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.invalidFields(errors);
        }
    }
}
