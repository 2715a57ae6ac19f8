package io.privacyplatform.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.privacyplatform.contracts.request.ObjectionScope;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.contracts.restriction.RestrictionReason;

import java.time.LocalDate;
import java.util.List;

/**
 * What a request asks, one record per right of policy §13 and §13.1: the domain body the service stores
 * (as JSON with its {@code type}, encrypted in {@code details_ct}), executes and exports. The REST API's
 * {@code rest.FileRequest} validates what a caller sends and maps to it. Stored JSON keeps the shape it had
 * when the REST body was stored as is, so older rows read back.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RequestDetails.Access.class, name = "ACCESS"),
        @JsonSubTypes.Type(value = RequestDetails.Rectification.class, name = "RECTIFICATION"),
        @JsonSubTypes.Type(value = RequestDetails.Erasure.class, name = "ERASURE"),
        @JsonSubTypes.Type(value = RequestDetails.Restriction.class, name = "RESTRICTION"),
        @JsonSubTypes.Type(value = RequestDetails.Portability.class, name = "PORTABILITY"),
        @JsonSubTypes.Type(value = RequestDetails.Objection.class, name = "OBJECTION"),
        @JsonSubTypes.Type(value = RequestDetails.PostMortemDirectives.class, name = "POST_MORTEM_DIRECTIVES"),
        @JsonSubTypes.Type(value = RequestDetails.Heir.class, name = "HEIR")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface RequestDetails {

    @JsonIgnore
    RequestType type();

    /** GDPR Art. 15. */
    record Access(String details) implements RequestDetails {
        @Override
        public RequestType type() {
            return RequestType.ACCESS;
        }
    }

    /** GDPR Art. 16: the new value of each field, applied at every recipient (Art. 19). */
    record Rectification(List<Correction> corrections, String details) implements RequestDetails {
        @Override
        public RequestType type() {
            return RequestType.RECTIFICATION;
        }

        /** The field codes of {@code rectification-ordered}, without the values. */
        @JsonIgnore
        public List<String> fields() {
            return corrections.stream().map(Correction::field).toList();
        }
    }

    /** One field to correct: {@code first-name}, {@code last-name}, {@code email} or {@code phone}. */
    record Correction(String field, String value) {
    }

    /** GDPR Art. 17. */
    record Erasure(String details) implements RequestDetails {
        @Override
        public RequestType type() {
            return RequestType.ERASURE;
        }
    }

    /** GDPR Art. 18, on one of the grounds of Art. 18(1). */
    record Restriction(RestrictionReason ground, String details) implements RequestDetails {
        @Override
        public RequestType type() {
            return RequestType.RESTRICTION;
        }
    }

    /** GDPR Art. 20, possibly to another controller. */
    record Portability(String transmitTo, String details) implements RequestDetails {
        @Override
        public RequestType type() {
            return RequestType.PORTABILITY;
        }
    }

    /** GDPR Art. 21: to processing for given purposes, or to prospection. */
    record Objection(ObjectionScope scope, List<String> purposes, String details) implements RequestDetails {
        @Override
        public RequestType type() {
            return RequestType.OBJECTION;
        }
    }

    /** What a POST_MORTEM_DIRECTIVES request does to the subject's directives. */
    enum DirectiveAction { RECORD, UPDATE, REVOKE }

    /** Someone the subject designates to receive their data or execute their directives; an heir. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Person(String name, String email, String phone, String relationship) {
    }

    /** Policy §13.1: the subject's own directives for after their death. */
    record PostMortemDirectives(DirectiveAction action, Directive directive, Person designatedPerson,
                                String instructions) implements RequestDetails {
        @Override
        public RequestType type() {
            return RequestType.POST_MORTEM_DIRECTIVES;
        }
    }

    /** What an heir may ask without directives (French law no. 78-17 art. 85-II). */
    enum HeirAsk {
        /** Information needed to organise and settle the estate. */
        SUCCESSION_INFORMATION,
        /** Digital goods and data akin to family memories. */
        FAMILY_MEMORIES,
        /** Close the deceased's account: executed as an erasure order. */
        CLOSE_ACCOUNT,
        /** Object to further processing of the deceased's data: executed as an erasure order. */
        OBJECT_TO_PROCESSING,
        /** Record the death and update the data. */
        UPDATE_DATA;

        public boolean isErasure() {
            return this == CLOSE_ACCOUNT || this == OBJECT_TO_PROCESSING;
        }
    }

    /** A document the privacy officer checked. */
    enum ProofKind { DEATH_CERTIFICATE, ACT_OF_NOTORIETY, CERTIFICATE_OF_INHERITANCE, OTHER }

    record Proof(ProofKind kind, String reference) {
    }

    /** Policy §13.1: an heir's request about a deceased subject, filed by the privacy officer. */
    record Heir(LocalDate dateOfDeath, Proof proofOfDeath, Person heir, Proof proofOfHeirship, HeirAsk ask,
                String details) implements RequestDetails {
        @Override
        public RequestType type() {
            return RequestType.HEIR;
        }
    }
}
