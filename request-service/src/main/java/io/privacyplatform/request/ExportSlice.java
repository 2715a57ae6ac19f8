package io.privacyplatform.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** One service's part of an export. {@code lastError} is a code, never personal data. */
@Entity
@Table(name = "export_slice")
@IdClass(ExportSlice.Key.class)
public class ExportSlice extends PanacheEntityBase {

    public enum Status { MISSING, FAILED, RECEIVED }

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Id
    public String service;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    /** The slice as received, encrypted (Sealed.EXPORT_SLICE), until the document is assembled. */
    @Column(name = "payload_ct")
    public String payloadCt;

    public static List<ExportSlice> of(UUID requestId) {
        return list("requestId = ?1 order by service", requestId);
    }

    public static class Key implements Serializable {
        public UUID requestId;
        public String service;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(requestId, k.requestId) && Objects.equals(service, k.service);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, service);
        }
    }
}
