package io.privacyplatform.contracts;

import io.privacyplatform.contracts.consent.ConsentChanged;
import io.privacyplatform.contracts.consent.ConsentLapsed;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.rectification.RectificationOrdered;
import io.privacyplatform.contracts.request.RequestFiled;
import io.privacyplatform.contracts.restriction.RestrictionChanged;

import java.util.List;

/**
 * The catalogue of events on the platform. One topic per event type, named after it; the record key is
 * always the pseudonymous subject id so that all events of one subject stay ordered on one partition.
 * No event carries personal data: only pseudonymous ids, codes and timestamps.
 */
public final class Events {

    private static final String REQUEST_SERVICE = "request-service";
    private static final String CONSENT_SERVICE = "consent-service";
    private static final String RETENTION_SERVICE = "retention-service";

    /** CloudEvents spec version of every envelope. */
    public static final String SPEC_VERSION = "1.0";

    /** A data subject filed a request (any right of policy §13 and §13.1). Produced by request-service. */
    public static final EventType<RequestFiled> REQUEST_FILED = new EventType<>(
            "request-filed", "io.privacyplatform.request.filed.v1", 1, RequestFiled.class, List.of(REQUEST_SERVICE));

    /**
     * Every system holding the subject's data must erase it (approved request or expired retention).
     * Produced by request-service and retention-service.
     */
    public static final EventType<ErasureOrdered> ERASURE_ORDERED = new EventType<>(
            "erasure-ordered", "io.privacyplatform.erasure.ordered.v1", 1, ErasureOrdered.class,
            List.of(REQUEST_SERVICE, RETENTION_SERVICE));

    /** One system reports what it did with an erasure order. One event per system (and per partner). */
    public static final EventType<ErasureConfirmed> ERASURE_CONFIRMED = new EventType<>(
            "erasure-confirmed", "io.privacyplatform.erasure.confirmed.v1", 1, ErasureConfirmed.class, List.of());

    /** A subject's data must be corrected at every recipient; values travel over HTTP, not here. Produced by request-service. */
    public static final EventType<RectificationOrdered> RECTIFICATION_ORDERED = new EventType<>(
            "rectification-ordered", "io.privacyplatform.rectification.ordered.v1", 1, RectificationOrdered.class,
            List.of(REQUEST_SERVICE));

    /** Processing of a subject's data is restricted or the restriction lifted. Produced by request-service. */
    public static final EventType<RestrictionChanged> RESTRICTION_CHANGED = new EventType<>(
            "restriction-changed", "io.privacyplatform.restriction.changed.v1", 1, RestrictionChanged.class,
            List.of(REQUEST_SERVICE));

    /**
     * One system reports what it did with a rectification or restriction order. One event per system; produced by
     * the system's owner (consent-service, retention-service for datastores, partner-sync-service per partner).
     */
    public static final EventType<OrderConfirmed> ORDER_CONFIRMED = new EventType<>(
            "order-confirmed", "io.privacyplatform.order.confirmed.v1", 1, OrderConfirmed.class, List.of());

    /** A consent to one purpose was granted or withdrawn. Produced by consent-service. */
    public static final EventType<ConsentChanged> CONSENT_CHANGED = new EventType<>(
            "consent-changed", "io.privacyplatform.consent.changed.v1", 1, ConsentChanged.class, List.of(CONSENT_SERVICE));

    /**
     * A consent purpose's inactivity period ended for a subject (policy §4, 4th criterion); consent-service withdraws
     * the consent with reason {@code LAPSED}. Produced by retention-service, which keeps the last contact.
     */
    public static final EventType<ConsentLapsed> CONSENT_LAPSED = new EventType<>(
            "consent-lapsed", "io.privacyplatform.consent.lapsed.v1", 1, ConsentLapsed.class, List.of(RETENTION_SERVICE));

    public static final List<EventType<?>> ALL = List.of(REQUEST_FILED, ERASURE_ORDERED, ERASURE_CONFIRMED,
            RECTIFICATION_ORDERED, RESTRICTION_CHANGED, ORDER_CONFIRMED, CONSENT_CHANGED, CONSENT_LAPSED);

    /** Topic names, for creating them on a broker. */
    public static List<String> topics() {
        return ALL.stream().map(EventType::topic).distinct().toList();
    }

    /** Dead-letter topic of one consuming service: poison records land there with the reason. */
    public static String deadLetterTopic(String serviceName) {
        return "dead-letter." + serviceName;
    }

    private Events() {
    }
}
