package io.privacyplatform.request.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.policy.Register;
import io.privacyplatform.request.AuditEntry;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ExportJob;
import io.privacyplatform.request.ExportSlice;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.client.ExportSlices;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.logging.SafeLog;
import io.privacyplatform.support.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Access (GDPR Art. 15) and portability (Art. 20) exports. Approval creates a job with one slice per service; a
 * scheduled worker fetches the missing slices with backoff, and once every slice is in, assembles ONE document
 * (never a partial one), stores it encrypted, and completes the request. A service down or slow leaves the export
 * PENDING naming it; a malformed slice also puts the request on the officer's attention list.
 */
@ApplicationScoped
public class Exports {

    public static final String ACCESS_SCHEMA = "/schemas/access-export.v1.json";
    public static final String PORTABILITY_SCHEMA = "/schemas/portability-export.v1.json";
    /** Arbitrary constant naming the export worker's advisory lock: one replica works at a time. */
    private static final long WORK_LOCK = 0x6578706f72747331L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RequestsConfig config;
    private final ExportSlices slices;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final Deadlines deadlines;
    private final Register register;
    private final ObjectMapper objectMapper;
    private final EntityManager entityManager;

    Exports(RequestsConfig config, ExportSlices slices, FieldCipher cipher, AuditTrail audit, Deadlines deadlines,
            Register register, ObjectMapper objectMapper, EntityManager entityManager) {
        this.config = config;
        this.slices = slices;
        this.cipher = cipher;
        this.audit = audit;
        this.deadlines = deadlines;
        this.register = register;
        this.objectMapper = objectMapper;
        this.entityManager = entityManager;
    }

    /** Creates the job of an approved ACCESS or PORTABILITY request, in the approval's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String start(DataSubjectRequest request, Instant now) {
        ExportJob job = new ExportJob();
        job.requestId = request.id;
        job.subjectId = request.subjectId;
        job.kind = request.type.name();
        job.status = ExportJob.Status.PENDING;
        job.createdAt = now;
        job.persist();
        for (String service : ExportSlices.SERVICES) {
            ExportSlice slice = new ExportSlice();
            slice.requestId = request.id;
            slice.service = service;
            slice.status = ExportSlice.Status.MISSING;
            slice.nextAttemptAt = now;
            slice.persist();
        }
        return "export assembling from " + String.join(",", ExportSlices.SERVICES);
    }

    public Optional<ExportJob> job(UUID requestId) {
        return ExportJob.findByIdOptional(requestId);
    }

    /** Fetches due slices and assembles complete exports. Safe with several replicas (advisory lock). */
    @Scheduled(every = "${requests.export.work-every}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void work() {
        try {
            QuarkusTransaction.requiringNew().timeout(300).run(this::workOnce);
        } catch (RuntimeException e) {
            Log.warnf("Export worker failed, will run again: %s", SafeLog.describe(e));
        }
    }

    void workOnce() {
        Boolean locked = (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, WORK_LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return;
        }
        Instant now = deadlines.now();
        List<ExportSlice> due = entityManager.createQuery("select s from ExportSlice s, ExportJob j where j.requestId = s.requestId"
                        + " and j.status = ?1 and s.status <> ?2 and s.nextAttemptAt <= ?3 order by s.nextAttemptAt", ExportSlice.class)
                .setParameter(1, ExportJob.Status.PENDING).setParameter(2, ExportSlice.Status.RECEIVED).setParameter(3, now)
                .setMaxResults(config.export().batch()).getResultList();
        Set<UUID> touched = new LinkedHashSet<>();
        for (ExportSlice slice : due) {
            ExportJob job = ExportJob.findById(slice.requestId);
            if (job == null || job.status != ExportJob.Status.PENDING) {
                continue;
            }
            DataSubjectRequest request = DataSubjectRequest.findById(job.requestId);
            if (request.status == RequestStatus.WITHDRAWN || request.status == RequestStatus.REJECTED) {
                // Nothing is assembled for a request the subject took back: the slices read so far are dropped.
                cancel(job);
                continue;
            }
            ExportSlices.Result result;
            try {
                result = slices.fetch(slice.service, job.subjectId);
            } catch (RuntimeException e) {
                // Timeout (fault tolerance) or anything else on the way: the service is retried later.
                result = new ExportSlices.Result(null, "UNAVAILABLE");
            }
            record(job, slice, result, deadlines.now());
            touched.add(job.requestId);
        }
        for (UUID requestId : touched) {
            ExportJob job = ExportJob.findById(requestId);
            if (job.status == ExportJob.Status.PENDING && ExportSlice.of(requestId).stream().allMatch(s -> s.status == ExportSlice.Status.RECEIVED)) {
                assemble(job, deadlines.now());
            }
        }
    }

    private void cancel(ExportJob job) {
        job.status = ExportJob.Status.CANCELLED;
        for (ExportSlice slice : ExportSlice.of(job.requestId)) {
            slice.payloadCt = null;
        }
    }

    private void record(ExportJob job, ExportSlice slice, ExportSlices.Result result, Instant now) {
        slice.attempts++;
        slice.lastAttemptAt = now;
        if (result.ok()) {
            slice.status = ExportSlice.Status.RECEIVED;
            slice.lastError = null;
            slice.payloadCt = cipher.encrypt(write(result.slice()), Sealed.exportSliceOf(slice.requestId, slice.service));
            return;
        }
        slice.status = ExportSlice.Status.FAILED;
        slice.lastError = result.error();
        slice.nextAttemptAt = now.plus(backoff(slice.attempts));
        Log.infof("Export %s: slice from %s not in (%s, attempt %d)", job.requestId, slice.service, result.error(), slice.attempts);
        if (result.malformed() || "UNAUTHORIZED".equals(result.error())) {
            // Retrying alone will not fix this: the officer is told which service failed.
            DataSubjectRequest request = DataSubjectRequest.lock(job.requestId).orElseThrow();
            String reason = "export waiting: " + slice.service + " answered " + result.error();
            if (request.status == RequestStatus.IN_PROGRESS && !reason.equals(request.attentionReason)) {
                request.attentionSince = request.attentionSince == null ? now : request.attentionSince;
                request.attentionReason = reason;
                audit.append(request, AuditKind.ATTENTION, request.status, ErasureTracking.SYSTEM_ACTOR, now, reason);
            }
        }
    }

    Duration backoff(int attempts) {
        Duration wait = config.export().initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(config.export().maxBackoff()) > 0 ? config.export().maxBackoff() : wait;
    }

    private void assemble(ExportJob job, Instant now) {
        DataSubjectRequest request = DataSubjectRequest.lock(job.requestId).orElseThrow();
        ObjectNode consent = slice(job.requestId, ExportSlices.CONSENT);
        ObjectNode retention = slice(job.requestId, ExportSlices.RETENTION);
        ObjectNode partners = slice(job.requestId, ExportSlices.PARTNER_SYNC);
        ObjectNode document = RequestType.PORTABILITY.name().equals(job.kind)
                ? portability(job, now, consent, retention, partners)
                : access(job, now, consent, retention, partners);
        job.documentCt = cipher.encrypt(write(document), Sealed.EXPORT_DOCUMENT.place(job.requestId));
        job.status = ExportJob.Status.READY;
        job.readyAt = now;
        for (ExportSlice slice : ExportSlice.of(job.requestId)) {
            slice.payloadCt = null; // the document holds it now; no second copy
        }
        audit.append(request, AuditKind.EXPORT_READY, request.status, ErasureTracking.SYSTEM_ACTOR, now,
                job.kind.toLowerCase() + " export assembled from " + String.join(",", ExportSlices.SERVICES));
        if (request.status == RequestStatus.IN_PROGRESS) {
            // Decision: the request is answered when its export is ready to download (not at the first download).
            RequestStatus from = request.status;
            request.status = RequestStatus.COMPLETED;
            request.closedAt = now;
            request.attentionSince = null;
            request.attentionReason = null;
            audit.append(request, AuditKind.COMPLETED, from, ErasureTracking.SYSTEM_ACTOR, now,
                    "export ready for download (links valid " + config.export().linkTtl().toDays() + " days)");
        }
    }

    private ObjectNode slice(UUID requestId, String service) {
        ExportSlice slice = ExportSlice.findById(key(requestId, service));
        return (ObjectNode) read(cipher.decrypt(slice.payloadCt, Sealed.exportSliceOf(requestId, service)));
    }

    private static ExportSlice.Key key(UUID requestId, String service) {
        ExportSlice.Key key = new ExportSlice.Key();
        key.requestId = requestId;
        key.service = service;
        return key;
    }

    private ObjectNode header(ExportJob job, Instant now, String schema) {
        ObjectNode document = objectMapper.createObjectNode();
        document.put("$schema", schema);
        document.put("kind", job.kind);
        document.put("requestId", job.requestId.toString());
        document.put("subjectId", job.subjectId);
        document.put("generatedAt", now.toString());
        return document;
    }

    private ObjectNode access(ExportJob job, Instant now, ObjectNode consent, ObjectNode retention, ObjectNode partners) {
        ObjectNode document = header(job, now, ACCESS_SCHEMA);
        ArrayNode requests = document.putArray("requests");
        for (DataSubjectRequest r : DataSubjectRequest.<DataSubjectRequest>list("subjectId = ?1 order by filedAt", job.subjectId)) {
            ObjectNode node = requests.addObject();
            node.put("requestId", r.id.toString());
            node.put("type", r.type.name());
            node.put("channel", r.channel.name());
            node.put("status", r.status.name());
            node.put("filedAt", r.filedAt.toString());
            node.put("dueOn", r.dueOn.toString());
            node.put("closedAt", r.closedAt == null ? null : r.closedAt.toString());
            node.set("details", read(cipher.decrypt(r.detailsCt, Sealed.DETAILS.place(r.id))));
            node.put("rejectionGround", r.rejectionGround == null ? null : r.rejectionGround.name());
            node.put("auditHead", r.auditHead);
            ArrayNode history = node.putArray("history");
            for (AuditEntry e : AuditEntry.of(r.id)) {
                ObjectNode entry = history.addObject();
                entry.put("seq", e.seq);
                entry.put("kind", e.kind.name());
                entry.put("from", e.fromStatus == null ? null : e.fromStatus.name());
                entry.put("to", e.toStatus == null ? null : e.toStatus.name());
                entry.put("actor", e.actor);
                entry.put("at", e.at.toString());
                entry.put("note", e.note);
            }
        }
        document.set("consents", consent);
        document.set("retention", retention);
        document.set("partners", partners);
        ObjectNode information = document.putObject("information");
        information.set("controller", objectMapper.valueToTree(register.controller()));
        information.set("dataProtectionContact", objectMapper.valueToTree(register.dataProtectionContact()));
        information.set("purposes", objectMapper.valueToTree(register.purposes()));
        information.set("dataCategories", objectMapper.valueToTree(register.dataCategories()));
        information.set("sources", objectMapper.valueToTree(register.sources()));
        information.set("recipients", objectMapper.valueToTree(register.recipients()));
        information.set("transfers", objectMapper.valueToTree(register.partners()));
        information.set("retentionRules", objectMapper.valueToTree(register.retentionRules()));
        information.set("hosting", objectMapper.valueToTree(register.hosting()));
        information.set("rights", objectMapper.valueToTree(register.rights()));
        information.put("policyVersion", register.version());
        return document;
    }

    /** Art. 20: what the subject provided, flat records ready for reuse (see README "Exports" for each table). */
    private ObjectNode portability(ExportJob job, Instant now, ObjectNode consent, ObjectNode retention, ObjectNode partners) {
        ObjectNode document = header(job, now, PORTABILITY_SCHEMA);
        ArrayNode requests = document.putArray("requests");
        for (DataSubjectRequest r : DataSubjectRequest.<DataSubjectRequest>list("subjectId = ?1 order by filedAt", job.subjectId)) {
            ObjectNode node = requests.addObject();
            node.put("requestId", r.id.toString());
            node.put("type", r.type.name());
            node.put("filedAt", r.filedAt.toString());
            node.put("details", cipher.decrypt(r.detailsCt, Sealed.DETAILS.place(r.id)));
        }
        ArrayNode consents = document.putArray("consents");
        for (JsonNode entry : consent.path("ledger")) {
            ObjectNode node = consents.addObject();
            node.put("purpose", entry.path("purpose").asText(null));
            node.put("granted", entry.path("granted").asBoolean());
            node.put("action", entry.path("action").asText(null));
            node.put("recordedAt", entry.path("recordedAt").asText(null));
            node.put("source", entry.path("source").asText(null));
            node.put("policyVersion", entry.path("policyVersion").asText(null));
        }
        ArrayNode inventory = document.putArray("inventory");
        for (JsonNode held : retention.path("held")) {
            ObjectNode node = inventory.addObject();
            node.put("purpose", held.path("purpose").asText(null));
            node.put("dataCategories", String.join(";", texts(held.path("dataCategories"))));
            node.put("source", held.path("source").asText(null));
            node.put("heldSince", held.path("heldSince").asText(null));
        }
        ArrayNode partnerData = document.putArray("partnerData");
        for (JsonNode object : partners.path("partners")) {
            if (!"FOUND".equals(object.path("status").asText())) {
                continue;
            }
            object.path("fields").fields().forEachRemaining(field -> {
                ObjectNode node = partnerData.addObject();
                node.put("partner", object.path("partner").asText(null));
                node.put("objectType", object.path("objectType").asText(null));
                node.put("objectId", object.path("objectId").asText(null));
                node.put("field", field.getKey());
                node.put("value", field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString());
                node.put("retrievedAt", object.path("retrievedAt").asText(null));
            });
        }
        return document;
    }

    private static List<String> texts(JsonNode array) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The assembled document (decrypted), for a download. */
    public JsonNode document(ExportJob job) {
        return read(cipher.decrypt(job.documentCt, Sealed.EXPORT_DOCUMENT.place(job.requestId)));
    }

    /** A new download link for a READY export: the token is returned once, only its hash is kept. */
    @Transactional
    public Link issueLink(UUID requestId, String actor) {
        DataSubjectRequest request = DataSubjectRequest.lock(requestId).orElseThrow();
        ExportJob job = ExportJob.<ExportJob>findByIdOptional(requestId)
                .orElseThrow(() -> ProblemException.notFound("Request " + requestId + " has no export."));
        if (job.status != ExportJob.Status.READY) {
            throw notReady(job);
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = deadlines.now();
        job.linkHash = sha256(token);
        job.linkExpiresAt = now.plus(config.export().linkTtl());
        audit.append(request, AuditKind.EXPORT_LINK_ISSUED, request.status, actor, now, "valid until " + job.linkExpiresAt);
        return new Link(token, job.linkExpiresAt);
    }

    private static ProblemException notReady(ExportJob job) {
        return ProblemException.conflict("The export of request " + job.requestId + (job.status == ExportJob.Status.PENDING
                ? " is still being assembled; see its status." : " was cancelled: the request was withdrawn or rejected first."));
    }

    public record Link(String token, Instant expiresAt) {
    }

    /** Checks the link and records the download in the audit trail; returns the document. */
    @Transactional
    public Download download(UUID requestId, String token, String format, String actor) {
        DataSubjectRequest request = DataSubjectRequest.lock(requestId).orElseThrow();
        ExportJob job = ExportJob.<ExportJob>findByIdOptional(requestId)
                .orElseThrow(() -> ProblemException.notFound("Request " + requestId + " has no export."));
        if (job.status != ExportJob.Status.READY) {
            throw notReady(job);
        }
        if (token == null || job.linkHash == null || !MessageDigest.isEqual(
                job.linkHash.getBytes(StandardCharsets.US_ASCII), sha256(token).getBytes(StandardCharsets.US_ASCII))) {
            throw ProblemException.notFound("No such download link for request " + requestId
                    + "; ask for one with POST /requests/" + requestId + "/export/link.");
        }
        Instant now = deadlines.now();
        if (!now.isBefore(job.linkExpiresAt)) {
            throw new ProblemException(410, "Gone", "This download link expired on " + job.linkExpiresAt
                    + " (links are valid " + config.export().linkTtl().toDays() + " days, so that a copy of your data does "
                    + "not stay reachable). Ask for a new link with POST /requests/" + requestId + "/export/link.");
        }
        job.downloads++;
        audit.append(request, AuditKind.EXPORT_DOWNLOADED, request.status, actor, now, "format " + format);
        return new Download(job, document(job));
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

    private String write(JsonNode node) {
        try {
            return objectMapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(String json) {
        try {
            return json == null ? objectMapper.nullNode() : objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
