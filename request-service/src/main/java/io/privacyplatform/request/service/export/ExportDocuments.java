package io.privacyplatform.request.service.export;

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
import io.privacyplatform.request.service.FieldCipher;
import io.privacyplatform.request.service.Sealed;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The export documents: each service's slice kept encrypted until assembly, then ONE document (access, Art. 15; or
 * portability, Art. 20) built when every slice is in, stored encrypted, and the request completed; the document
 * read back for a download.
 */
@ApplicationScoped
public class ExportDocuments {

    public static final String ACCESS_SCHEMA = "/schemas/access-export.v1.json";
    public static final String PORTABILITY_SCHEMA = "/schemas/portability-export.v1.json";

    private final RequestsConfig config;
    private final FieldCipher cipher;
    private final Register register;
    private final ObjectMapper objectMapper;

    ExportDocuments(RequestsConfig config, FieldCipher cipher, Register register, ObjectMapper objectMapper) {
        this.config = config;
        this.cipher = cipher;
        this.register = register;
        this.objectMapper = objectMapper;
    }

    /** Keeps a received slice, encrypted, until the document is assembled. */
    void storeSlice(ExportSlice slice, JsonNode payload) {
        slice.payloadCt = cipher.encrypt(write(payload), Sealed.exportSliceOf(slice.requestId, slice.service));
    }

    /** Assembles the document from every slice, drops the slices, and completes the request if it is still in progress. */
    void assemble(ExportJob job, Instant now) {
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
        request.record(AuditKind.EXPORT_READY, DataSubjectRequest.SYSTEM_ACTOR, now,
                job.kind.toLowerCase() + " export assembled from " + String.join(",", ExportSlices.SERVICES));
        if (request.status() == RequestStatus.IN_PROGRESS) {
            // Decision: the request is answered when its export is ready to download (not at the first download).
            request.attentionSince = null;
            request.attentionReason = null;
            request.transition(AuditKind.COMPLETED, RequestStatus.COMPLETED, DataSubjectRequest.SYSTEM_ACTOR, now,
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
            node.put("status", r.status().name());
            node.put("filedAt", r.filedAt.toString());
            node.put("dueOn", r.dueOn.toString());
            node.put("closedAt", r.closedAt() == null ? null : r.closedAt().toString());
            node.set("details", r.bodyPurgedAt == null ? read(cipher.decrypt(r.detailsCt, Sealed.DETAILS.place(r.id)))
                    : deletedBody(r));
            node.put("rejectionGround", r.rejectionGround == null ? null : r.rejectionGround.name());
            node.put("auditHead", r.auditHead());
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
        // A body deleted after its request closed is no longer held: nothing of it to port.
        for (DataSubjectRequest r : DataSubjectRequest.<DataSubjectRequest>list("subjectId = ?1 and bodyPurgedAt is null order by filedAt",
                job.subjectId)) {
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
        // The company datastores' export columns (retention-service's slice), one row per column of each row.
        ArrayNode datastoreData = document.putArray("datastoreData");
        for (JsonNode store : retention.path("datastores")) {
            store.path("tables").fields().forEachRemaining(table -> {
                int record = 0;
                for (JsonNode row : table.getValue()) {
                    record++;
                    int number = record;
                    row.fields().forEachRemaining(column -> {
                        ObjectNode node = datastoreData.addObject();
                        node.put("datastore", store.path("datastore").asText(null));
                        node.put("table", table.getKey());
                        node.put("record", number);
                        node.put("field", column.getKey());
                        node.put("value", column.getValue().isNull() ? null : column.getValue().asText());
                    });
                }
            });
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
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The assembled document (decrypted), for a download. */
    public JsonNode document(ExportJob job) {
        return read(cipher.decrypt(job.documentCt, Sealed.EXPORT_DOCUMENT.place(job.requestId)));
    }

    private String write(JsonNode node) {
        try {
            return objectMapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In place of a body deleted after its request closed: its type, and when and by which rule it went. */
    private ObjectNode deletedBody(DataSubjectRequest r) {
        ObjectNode node = objectMapper.createObjectNode();
        node.put("type", r.type.name());
        node.put("deletedAt", r.bodyPurgedAt.toString());
        node.put("retentionRule", "request-bodies-after-closing");
        return node;
    }

    private JsonNode read(String json) {
        try {
            return json == null ? objectMapper.nullNode() : objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
