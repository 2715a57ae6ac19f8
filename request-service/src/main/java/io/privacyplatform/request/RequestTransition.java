package io.privacyplatform.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One line of a request's audit trail: what changed, when, and who did it. */
@Entity
@Table(name = "request_transition")
public class RequestTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public RequestStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false)
    public RequestStatus toStatus;

    /** A subject id, a staff member's token subject, or {@code system:<service>} for automatic steps. */
    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public Instant at;

    public String note;

    public static void record(DataSubjectRequest request, RequestStatus from, String actor, Instant at, String note) {
        RequestTransition transition = new RequestTransition();
        transition.requestId = request.id;
        transition.fromStatus = from;
        transition.toStatus = request.status;
        transition.actor = actor;
        transition.at = at;
        transition.note = note;
        transition.persist();
    }

    public static List<RequestTransition> of(UUID requestId) {
        return list("requestId = ?1 order by id", requestId);
    }
}
