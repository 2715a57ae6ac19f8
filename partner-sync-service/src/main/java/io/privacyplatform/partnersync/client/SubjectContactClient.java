package io.privacyplatform.partnersync.client;

import io.privacyplatform.contracts.subject.SubjectContactDetails;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.support.client.ServiceCallException;
import io.privacyplatform.support.client.ServiceCalls;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a subject's email addresses from retention-service (the datastores' contact columns) for a LOOKUP task (never from Kafka, never stored).
 * No answer (or none within {@link #TIMEOUT}), 5xx and other unexpected answers are retried; 401/403 stop the task
 * (credentials or role to fix); 404 means the service holds no contact data for the subject.
 */
@ApplicationScoped
public class SubjectContactClient {

    static final String STEP = "GET subject-contact /subjects/{id}/contact";
    /** The REST client's own read timeout; the task engine retries later. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final SubjectContactApi api;
    private final ServiceCalls calls;

    SubjectContactClient(@RestClient SubjectContactApi api, ServiceCalls calls) {
        this.api = api;
        this.calls = calls;
    }

    /** The subject's addresses (empty when the owning service has none), without holding a thread. Values: in memory only. */
    public Uni<List<String>> emails(String partner, String subjectId) {
        return calls.callAsync("subject-contact", TIMEOUT, () -> api.contact(subjectId))
                .map(answer -> emails(partner, subjectId, answer))
                .onFailure(ServiceCallException.class).recoverWithUni(e -> noneOrFailure(partner, (ServiceCallException) e));
    }

    private static Uni<List<String>> noneOrFailure(String partner, ServiceCallException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> Uni.createFrom().item(List.of());
            case UNAUTHORIZED -> Uni.createFrom().failure(new PermanentPartnerException(partner, e.status(), null, STEP
                    + ": HTTP " + e.status() + " (check partner-sync's client credentials and its role contact-reader)",
                    DeadReason.UNAUTHORIZED));
            case NO_ANSWER -> Uni.createFrom().failure(new TransientPartnerException(partner, 0, null,
                    STEP + ": " + e.getMessage(), null));
            case CONFLICT, SERVER_ERROR, OTHER_STATUS, UNPARSEABLE -> Uni.createFrom().failure(unexpected(partner, e.status()));
        };
    }

    private static List<String> emails(String partner, String subjectId, SubjectContactDetails answer) {
        if (!subjectId.equals(answer.subjectId())) {
            throw unexpected(partner, 200);
        }
        Set<String> emails = new LinkedHashSet<>();
        for (String email : answer.emails()) {
            if (email != null && email.contains("@")) {
                emails.add(email.trim());
            }
        }
        return new ArrayList<>(emails);
    }

    private static TransientPartnerException unexpected(String partner, int status) {
        return new TransientPartnerException(partner, status, null, STEP + ": HTTP " + status + " unexpected answer", null);
    }
}
