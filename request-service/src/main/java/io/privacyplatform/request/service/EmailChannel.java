package io.privacyplatform.request.service;

import io.privacyplatform.support.security.Hmacs;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.EmailFiling;
import io.privacyplatform.request.Language;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.subject.SubjectIds;
import io.privacyplatform.request.service.notification.MailBodies;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The email channel for people without an account. A filing waits (AWAITING_VERIFICATION) until the person
 * sends back the one-time code mailed to the address; only then is the request filed (channel EMAIL) and
 * request-filed published. Every address gets the same treatment and the same answer, so the channel tells
 * nobody who is known. The address derives the subject id, receives the code and, once verified, the mails about the
 * request: it is stored encrypted only (on the filing until verification, then on the request until it is closed and
 * its mails are sent), never logged or published; the code is kept as an HMAC only.
 */
@ApplicationScoped
public class EmailChannel {

    private static final Logger LOG = Logger.getLogger(EmailChannel.class);
    private static final Duration MAIL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAIL_RETRIES = 3;

    private final RequestFiling filings;
    private final SubjectIds subjectIds;
    private final FieldCipher cipher;
    private final RequestSecrets secrets;
    private final Deadlines deadlines;
    private final ReactiveMailer mailer;
    private final MailBodies bodies;
    private final RequestsConfig config;
    private final SecureRandom random = new SecureRandom();

    EmailChannel(RequestFiling filings, SubjectIds subjectIds, FieldCipher cipher, RequestSecrets secrets, Deadlines deadlines,
                 ReactiveMailer mailer, MailBodies bodies, RequestsConfig config) {
        this.filings = filings;
        this.subjectIds = subjectIds;
        this.cipher = cipher;
        this.secrets = secrets;
        this.deadlines = deadlines;
        this.mailer = mailer;
        this.bodies = bodies;
        this.config = config;
    }

    /** The subject id of a person known only by this address. */
    public String subjectOf(String email) {
        return subjectIds.fromEmail(email);
    }

    /** Records the filing, then mails the code in the background, retrying a failed or stuck send. */
    public EmailFiling open(String email, RequestDetails body, Language language) {
        int digits = Math.max(6, Math.min(18, config.emailVerification().codeDigits()));
        String code = String.format("%0" + digits + "d", random.nextLong((long) Math.pow(10, digits)));
        EmailFiling filing = QuarkusTransaction.requiringNew().call(() -> {
            EmailFiling f = new EmailFiling();
            f.id = UUID.randomUUID();
            f.subjectId = subjectOf(email);
            f.type = body.type();
            f.detailsCt = cipher.encrypt(secrets.detailsJson(body), Sealed.EMAIL_FILING_DETAILS.place(f.id));
            f.codeHash = hash(f.id, code);
            f.createdAt = deadlines.now();
            f.expiresAt = f.createdAt.plus(config.emailVerification().codeTtl());
            f.attempts = 0;
            f.status = EmailFiling.Status.AWAITING_VERIFICATION;
            f.language = language.code();
            f.emailCt = cipher.encrypt(email, Sealed.EMAIL_FILING_ADDRESS.place(f.id));
            f.persist();
            return f;
        });
        long minutes = Math.max(1, config.emailVerification().codeTtl().toMinutes());
        MailBodies.Mail codeMail = bodies.verificationCode(language, body.type(), code, minutes);
        Mail mail = Mail.withText(email, codeMail.subject(), codeMail.text());
        // The answer does not wait for SMTP: a slow or stuck mail server neither holds the caller nor tells
        // known addresses from unknown ones by timing. A lost mail costs the person a new filing, nothing more.
        UUID filingId = filing.id;
        mailer.send(mail)
                .ifNoItem().after(MAIL_ATTEMPT_TIMEOUT).fail()
                .onFailure().retry().withBackOff(Duration.ofSeconds(1)).atMost(MAIL_RETRIES)
                .subscribe().with(sent -> { },
                        // Neither the address nor the code in the log.
                        failure -> LOG.errorf("The one-time code of filing %s could not be mailed (%s)", filingId,
                                failure.getClass().getSimpleName()));
        return filing;
    }

    /** What a verification attempt did. */
    private sealed interface Outcome {
        record Filed(DataSubjectRequest request) implements Outcome { }

        record Wrong(int attemptsLeft) implements Outcome { }

        record Exhausted() implements Outcome { }
    }

    /**
     * Checks the code. A wrong code uses one attempt (committed even though the answer is an error); the last
     * one closes the filing as UNVERIFIED.
     *
     * @throws ProblemException 404 unknown filing, 409 already verified, 410 expired, 422 wrong code with the
     *                          attempts left, 429 attempts exhausted
     */
    public DataSubjectRequest verify(UUID filingId, String code) {
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> attempt(filingId, code));
        if (outcome instanceof Outcome.Filed filed) {
            return filed.request();
        }
        if (outcome instanceof Outcome.Wrong wrong) {
            throw new ProblemException(422, "Wrong code", "The code does not match; " + wrong.attemptsLeft()
                    + " attempt(s) left.", List.of(new Problem.FieldError("code",
                    "does not match; attempts left: " + wrong.attemptsLeft())));
        }
        throw exhausted();
    }

    private Outcome attempt(UUID filingId, String code) {
        EmailFiling filing = EmailFiling.findById(filingId, LockModeType.PESSIMISTIC_WRITE);
        if (filing == null) {
            throw Problems.notFound("No email filing " + filingId + ".");
        }
        switch (filing.status) {
            case VERIFIED -> throw Problems.conflict("Email filing " + filingId + " is already verified; the request is "
                    + filing.requestId + ".");
            case UNVERIFIED -> throw exhausted();
            default -> { }
        }
        Instant now = deadlines.now();
        if (!now.isBefore(filing.expiresAt)) {
            throw new ProblemException(410, "Code expired", "The code has expired; file the request again to get a new one.",
                    List.of(new Problem.FieldError("code", "expired")));
        }
        if (!MessageDigest.isEqual(hash(filing.id, code.strip()).getBytes(StandardCharsets.US_ASCII),
                filing.codeHash.getBytes(StandardCharsets.US_ASCII))) {
            filing.attempts++;
            int left = config.emailVerification().maxAttempts() - filing.attempts;
            if (left <= 0) {
                filing.status = EmailFiling.Status.UNVERIFIED;
                return new Outcome.Exhausted();
            }
            return new Outcome.Wrong(left);
        }
        RequestDetails body = secrets.readDetails(cipher.decrypt(filing.detailsCt, Sealed.EMAIL_FILING_DETAILS.place(filing.id)));
        String verifiedAddress = cipher.decrypt(filing.emailCt, Sealed.EMAIL_FILING_ADDRESS.place(filing.id));
        DataSubjectRequest request = filings.file(filing.subjectId, body,
                new RequestFiling.Filer(filing.subjectId, RequestChannel.EMAIL, null, null),
                new RequestFiling.Contact(Language.stored(filing.language), verifiedAddress));
        filing.status = EmailFiling.Status.VERIFIED;
        filing.requestId = request.id;
        // The body and the verified address were copied to the request; the filing keeps only ids and dates.
        filing.detailsCt = "";
        filing.emailCt = null;
        return new Outcome.Filed(request);
    }

    private static ProblemException exhausted() {
        return new ProblemException(429, "Too many attempts", "Every attempt was used; the filing is closed as unverified. "
                + "File the request again to get a new code.", List.of(new Problem.FieldError("code", "no attempts left")));
    }

    /** HMAC of the code with the service's secret, bound to the filing: a database copy does not reveal codes. */
    String hash(UUID filingId, String code) {
        return hmac(filingId + ":" + code);
    }

    /** HMAC with the service's secret (for values such as IP addresses that must not be stored in clear). */
    public String hmac(String value) {
        return Hmacs.sha256Hex("email-channel/" + config.encryption().key(), value);
    }
}
