package io.privacyplatform.retention;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One connection of a subject (policy section 8): when, what kind, and the IP address encrypted. */
@Entity
@Table(name = "connection_log")
public class ConnectionLog extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** AES-256-GCM, see service.ConnectionLogCipher; the subject id is the associated data. */
    @Column(name = "ip_encrypted", nullable = false)
    public String ipEncrypted;

    @Column(nullable = false)
    public String kind;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public static List<ConnectionLog> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by occurredAt desc", subjectId);
    }
}
