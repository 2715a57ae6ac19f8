package io.privacyplatform.request.client;

import io.privacyplatform.contracts.subject.SubjectContactDetails;
import io.privacyplatform.support.client.ServiceCallException;
import io.privacyplatform.support.client.ServiceCalls;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.Optional;

/**
 * A platform account's email address, asked of retention-service (the account datastores' contact columns, contract
 * {@code subject-contact}) when a mail is sent, and never stored: the datastore stays its one source.
 */
@ApplicationScoped
public class SubjectContacts {

    private static final String SERVICE = "retention-service";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RetentionServiceApi retention;
    private final ServiceCalls calls;

    SubjectContacts(@RestClient RetentionServiceApi retention, ServiceCalls calls) {
        this.retention = retention;
        this.calls = calls;
    }

    /** What the account datastores say of a subject's address. */
    public sealed interface Answer {
        /** The address to write to (the first the datastores hold). */
        record Address(String email) implements Answer {
            @Override
            public String toString() {
                return "Address[hidden]";
            }
        }

        /** No datastore holds an address of the subject (404). */
        record Unknown() implements Answer { }

        /** retention-service gave no usable answer; {@code code} says why (a {@link ServiceCallException.Kind}). */
        record Unavailable(String code) implements Answer { }
    }

    public Answer of(String subjectId) {
        SubjectContactDetails details;
        try {
            details = calls.call(SERVICE, TIMEOUT, SubjectContactDetails.class, () -> retention.contact(subjectId));
        } catch (ServiceCallException e) {
            return e.kind() == ServiceCallException.Kind.NOT_FOUND ? new Answer.Unknown()
                    : new Answer.Unavailable("CONTACT_" + e.kind().name());
        }
        if (!subjectId.equals(details.subjectId())) {
            return new Answer.Unavailable("CONTACT_OTHER_SUBJECT");
        }
        Optional<String> first = details.emails().stream().filter(e -> e != null && !e.isBlank()).findFirst();
        return first.<Answer>map(Answer.Address::new).orElseGet(Answer.Unknown::new);
    }
}
