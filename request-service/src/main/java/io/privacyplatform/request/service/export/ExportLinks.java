package io.privacyplatform.request.service.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ExportJob;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.request.service.Deadlines;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Download links of a READY export (a random token shown once, only its hash kept, valid
 * {@code requests.export.link-ttl}) and the downloads through them; each is an audit entry.
 */
@ApplicationScoped
public class ExportLinks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RequestsConfig config;
    private final Deadlines deadlines;
    private final ExportDocuments documents;

    ExportLinks(RequestsConfig config, Deadlines deadlines, ExportDocuments documents) {
        this.config = config;
        this.deadlines = deadlines;
        this.documents = documents;
    }

    /** A new download link for a READY export: the token is returned once, only its hash is kept. */
    @Transactional
    public Link issueLink(UUID requestId, String actor) {
        DataSubjectRequest request = DataSubjectRequest.lock(requestId).orElseThrow();
        ExportJob job = readyJob(requestId);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = deadlines.now();
        job.linkHash = sha256(token);
        job.linkExpiresAt = now.plus(config.export().linkTtl());
        request.record(AuditKind.EXPORT_LINK_ISSUED, actor, now, "valid until " + job.linkExpiresAt);
        return new Link(token, job.linkExpiresAt);
    }

    private static ProblemException notReady(ExportJob job) {
        if (job.status == ExportJob.Status.EXPIRED) {
            return new ProblemException(410, "Gone", "The export of request " + job.requestId + " was deleted once its "
                    + "download link expired (retention rule export-document-expired); file a new request for a fresh copy.");
        }
        return Problems.conflict("The export of request " + job.requestId + (job.status == ExportJob.Status.PENDING
                ? " is still being assembled; see its status." : " was cancelled: the request was withdrawn or rejected first."));
    }

    public record Link(String token, Instant expiresAt) {
    }

    /** Checks the link and records the download in the audit trail; returns the document. */
    @Transactional
    public Download download(UUID requestId, String token, String format, String actor) {
        DataSubjectRequest request = DataSubjectRequest.lock(requestId).orElseThrow();
        ExportJob job = readyJob(requestId);
        if (token == null || job.linkHash == null || !MessageDigest.isEqual(
                job.linkHash.getBytes(StandardCharsets.US_ASCII), sha256(token).getBytes(StandardCharsets.US_ASCII))) {
            throw Problems.notFound("No such download link for request " + requestId
                    + "; ask for one with POST /requests/" + requestId + "/export/link.");
        }
        Instant now = deadlines.now();
        if (!now.isBefore(job.linkExpiresAt)) {
            throw new ProblemException(410, "Gone", "This download link expired on " + job.linkExpiresAt
                    + " (links are valid " + config.export().linkTtl().toDays() + " days, so that a copy of your data does "
                    + "not stay reachable). Ask for a new link with POST /requests/" + requestId + "/export/link.");
        }
        return deliver(request, job, now, format, actor);
    }

    /**
     * A download through the person's link (issue 14), which stands for the export link: the request was opened by
     * {@code PersonLinks} in the caller's transaction. The document stays as long as the export-document-expired rule
     * keeps it ({@link #availableUntil}); after that 410, even before the purge ran.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Download downloadForPerson(DataSubjectRequest request, String format, String actor) {
        ExportJob job = readyJob(request.id);
        Instant now = deadlines.now();
        if (!now.isBefore(availableUntil(job))) {
            throw new ProblemException(410, "Gone", "The export of request " + job.requestId + " was available until "
                    + availableUntil(job) + " (retention rule export-document-expired); file a new request for a fresh copy.");
        }
        return deliver(request, job, now, format, actor);
    }

    /** Until when a READY export's document is kept: its link's expiry, or its assembly + link-ttl without a link. */
    public Instant availableUntil(ExportJob job) {
        return job.linkExpiresAt != null ? job.linkExpiresAt : job.readyAt.plus(config.export().linkTtl());
    }

    private ExportJob readyJob(UUID requestId) {
        ExportJob job = ExportJob.<ExportJob>findByIdOptional(requestId)
                .orElseThrow(() -> Problems.notFound("Request " + requestId + " has no export."));
        if (job.status != ExportJob.Status.READY) {
            throw notReady(job);
        }
        return job;
    }

    private Download deliver(DataSubjectRequest request, ExportJob job, Instant now, String format, String actor) {
        job.downloads++;
        request.record(AuditKind.EXPORT_DOWNLOADED, actor, now, "format " + format);
        return new Download(job, documents.document(job));
    }

    public record Download(ExportJob job, JsonNode document) {
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
