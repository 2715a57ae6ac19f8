package io.privacyplatform.request.client;

import io.privacyplatform.contracts.retention.SubjectHolds;
import io.privacyplatform.support.client.ServiceCallException;
import io.privacyplatform.support.client.ServiceCalls;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/**
 * The legal holds in force on a subject, asked of retention-service (which the privacy officer places them in) when an
 * erasure is ordered. Fails closed: without an answer no erasure goes out, because an order that ignored a hold would
 * destroy what a court case needs, and that cannot be undone.
 */
@ApplicationScoped
public class LegalHolds {

    private static final String SERVICE = "retention-service";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RetentionServiceApi retention;
    private final ServiceCalls calls;

    LegalHolds(@RestClient RetentionServiceApi retention, ServiceCalls calls) {
        this.retention = retention;
        this.calls = calls;
    }

    /** The holds in force; a 503 problem (nothing ordered, approve again later) when retention-service cannot say. */
    public SubjectHolds inForce(String subjectId) {
        SubjectHolds holds;
        try {
            holds = calls.call(SERVICE, TIMEOUT, SubjectHolds.class, () -> retention.holds(subjectId));
        } catch (ServiceCallException e) {
            throw Problems.unavailable("The legal holds of the subject cannot be read from retention-service ("
                    + e.kind() + "); no erasure was ordered. Approve again once it answers.");
        }
        if (!subjectId.equals(holds.subjectId())) {
            throw Problems.unavailable("retention-service answered the legal holds of another subject; no erasure was ordered.");
        }
        return holds;
    }
}
