package io.privacyplatform.request;

import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Entity
@Table(name = "data_subject_request")
public class DataSubjectRequest extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestType type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestChannel channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestStatus status;

    @Column(name = "filed_at", nullable = false)
    public Instant filedAt;

    @Column(name = "due_on", nullable = false)
    public LocalDate dueOn;

    @Column(name = "erasure_order_id")
    public UUID erasureOrderId;

    /** Comma-separated system names that must confirm the erasure order, fixed when it was ordered. */
    @Column(name = "expected_systems")
    public String expectedSystems;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Version
    public long version;

    public List<String> expectedSystemList() {
        return expectedSystems == null || expectedSystems.isBlank() ? List.of() : Arrays.asList(expectedSystems.split(","));
    }

    public static Optional<DataSubjectRequest> findOpen(String subjectId, RequestType type) {
        return find("subjectId = ?1 and type = ?2 and status in ?3", subjectId, type,
                List.of(RequestStatus.FILED, RequestStatus.IN_PROGRESS)).firstResultOptional();
    }

    public static Optional<DataSubjectRequest> findByErasureOrder(UUID orderId) {
        return find("erasureOrderId", orderId).firstResultOptional();
    }
}
