package io.privacyplatform.request.rest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.privacyplatform.contracts.request.ObjectionScope;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.contracts.restriction.RestrictionReason;
import io.privacyplatform.request.Directive;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.RequestDetails.DirectiveAction;
import io.privacyplatform.request.RequestDetails.HeirAsk;
import io.privacyplatform.request.RequestDetails.ProofKind;
import io.privacyplatform.support.problem.Problem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The REST body of a request, one record per right of policy §13 and §13.1, chosen by {@code type}. Each validates
 * its own fields: annotations for each field, {@link #violations()} for rules across fields; {@link #toDetails()}
 * maps it to the domain body ({@link RequestDetails}), which the service stores encrypted (it can hold personal
 * data: values to rectify, a designated person, an heir) and never publishes. Unknown fields are refused ({@code quarkus.jackson.fail-on-unknown-properties}), so a misspelt
 * optional field is a 400 rather than silently lost.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FileRequest.Access.class, name = "ACCESS"),
        @JsonSubTypes.Type(value = FileRequest.Rectification.class, name = "RECTIFICATION"),
        @JsonSubTypes.Type(value = FileRequest.Erasure.class, name = "ERASURE"),
        @JsonSubTypes.Type(value = FileRequest.Restriction.class, name = "RESTRICTION"),
        @JsonSubTypes.Type(value = FileRequest.Portability.class, name = "PORTABILITY"),
        @JsonSubTypes.Type(value = FileRequest.Objection.class, name = "OBJECTION"),
        @JsonSubTypes.Type(value = FileRequest.PostMortemDirectives.class, name = "POST_MORTEM_DIRECTIVES"),
        @JsonSubTypes.Type(value = FileRequest.Heir.class, name = "HEIR")})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A request of one of the types; `type` selects the body.", discriminatorProperty = "type",
        oneOf = {FileRequest.Access.class, FileRequest.Rectification.class, FileRequest.Erasure.class,
                FileRequest.Restriction.class, FileRequest.Portability.class, FileRequest.Objection.class,
                FileRequest.PostMortemDirectives.class, FileRequest.Heir.class},
        discriminatorMapping = {
                @DiscriminatorMapping(value = "ACCESS", schema = FileRequest.Access.class),
                @DiscriminatorMapping(value = "RECTIFICATION", schema = FileRequest.Rectification.class),
                @DiscriminatorMapping(value = "ERASURE", schema = FileRequest.Erasure.class),
                @DiscriminatorMapping(value = "RESTRICTION", schema = FileRequest.Restriction.class),
                @DiscriminatorMapping(value = "PORTABILITY", schema = FileRequest.Portability.class),
                @DiscriminatorMapping(value = "OBJECTION", schema = FileRequest.Objection.class),
                @DiscriminatorMapping(value = "POST_MORTEM_DIRECTIVES", schema = FileRequest.PostMortemDirectives.class),
                @DiscriminatorMapping(value = "HEIR", schema = FileRequest.Heir.class)})
public sealed interface FileRequest {

    int DETAILS_MAX = 2000;
    String DETAILS_RULE = "free text, at most 2000 characters";

    @JsonIgnore
    RequestType type();

    /** The domain body the service files. */
    RequestDetails toDetails();

    /** The body as the API shows it back. */
    static FileRequest of(RequestDetails details) {
        if (details instanceof RequestDetails.Access a) {
            return new Access(a.details());
        }
        if (details instanceof RequestDetails.Rectification r) {
            return new Rectification(r.corrections().stream().map(Correction::of).toList(), r.details());
        }
        if (details instanceof RequestDetails.Erasure e) {
            return new Erasure(e.details());
        }
        if (details instanceof RequestDetails.Restriction r) {
            return new Restriction(r.ground(), r.details());
        }
        if (details instanceof RequestDetails.Portability p) {
            return new Portability(p.transmitTo(), p.details());
        }
        if (details instanceof RequestDetails.Objection o) {
            return new Objection(o.scope(), o.purposes(), o.details());
        }
        if (details instanceof RequestDetails.PostMortemDirectives d) {
            return new PostMortemDirectives(d.action(), d.directive(), Person.of(d.designatedPerson()), d.instructions());
        }
        RequestDetails.Heir h = (RequestDetails.Heir) details;
        return new Heir(h.dateOfDeath(), Proof.of(h.proofOfDeath()), Person.of(h.heir()), Proof.of(h.proofOfHeirship()),
                h.ask(), h.details());
    }

    /** Rules across fields; each error names a field and a rule, never a value. */
    @JsonIgnore
    default List<Problem.FieldError> violations() {
        return List.of();
    }

    /** GDPR Art. 15: a copy of the data and the information of Art. 15(1). */
    @Schema(description = "Right of access (GDPR Art. 15).", requiredProperties = "type", properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "ACCESS"))
    record Access(@Size(max = DETAILS_MAX) String details) implements FileRequest {
        @Override
        public RequestType type() {
            return RequestType.ACCESS;
        }

        @Override
        public RequestDetails toDetails() {
            return new RequestDetails.Access(details);
        }
    }

    /** GDPR Art. 16: the listed fields get the new values, at every recipient (Art. 19). */
    @Schema(description = "Right to rectification (GDPR Art. 16): the new value of each field to correct.", requiredProperties = "type", properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "RECTIFICATION"))
    record Rectification(@NotEmpty @Size(max = 4) List<@NotNull @Valid Correction> corrections,
                         @Size(max = DETAILS_MAX) String details) implements FileRequest {
        @Override
        public RequestType type() {
            return RequestType.RECTIFICATION;
        }

        @Override
        public RequestDetails toDetails() {
            return new RequestDetails.Rectification(corrections.stream().map(Correction::toDetails).toList(), details);
        }

        @Override
        public List<Problem.FieldError> violations() {
            List<Problem.FieldError> errors = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; corrections != null && i < corrections.size(); i++) {
                Correction correction = corrections.get(i);
                if (correction == null || correction.field() == null || correction.value() == null) {
                    continue;
                }
                if (!seen.add(correction.field())) {
                    errors.add(new Problem.FieldError("corrections[" + i + "].field", "each field at most once"));
                }
                String rule = correction.valueRule();
                if (rule != null) {
                    errors.add(new Problem.FieldError("corrections[" + i + "].value", rule));
                }
            }
            return errors;
        }

    }

    /** One field to correct. Field codes are those of {@code rectification-ordered}. */
    record Correction(
            @NotNull @Pattern(regexp = FIELDS, message = "must be one of first-name, last-name, email, phone")
            @Schema(enumeration = {"first-name", "last-name", "email", "phone"}) String field,
            @NotBlank @Size(max = 254) String value) {

        static final String FIELDS = "first-name|last-name|email|phone";
        private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
        private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+?[0-9][0-9 .()-]{5,24}");

        public static Correction of(RequestDetails.Correction correction) {
            return new Correction(correction.field(), correction.value());
        }

        RequestDetails.Correction toDetails() {
            return new RequestDetails.Correction(field, value);
        }

        /** The rule the value breaks for its field, or null. */
        String valueRule() {
            if ("email".equals(field)) {
                return EMAIL.matcher(value).matches() ? null : "must be an email address";
            }
            if ("phone".equals(field)) {
                return PHONE.matcher(value).matches() ? null : "must be a phone number (digits, spaces, + . ( ) -)";
            }
            return null;
        }
    }

    /** GDPR Art. 17 ("droit à l'oubli"): every system erases, except what an exemption keeps. */
    @Schema(description = "Right to erasure (GDPR Art. 17).", requiredProperties = "type", properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "ERASURE"))
    record Erasure(@Size(max = DETAILS_MAX) String details) implements FileRequest {
        @Override
        public RequestType type() {
            return RequestType.ERASURE;
        }

        @Override
        public RequestDetails toDetails() {
            return new RequestDetails.Erasure(details);
        }
    }

    /** GDPR Art. 18: processing stops except storage while the ground holds. */
    @Schema(description = "Right to restriction of processing (GDPR Art. 18), on one of the grounds of Art. 18(1).", requiredProperties = "type", properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "RESTRICTION"))
    record Restriction(@NotNull RestrictionReason ground, @Size(max = DETAILS_MAX) String details) implements FileRequest {
        @Override
        public RequestType type() {
            return RequestType.RESTRICTION;
        }

        @Override
        public RequestDetails toDetails() {
            return new RequestDetails.Restriction(ground, details);
        }
    }

    /** GDPR Art. 20: the data in a machine-readable format, to the subject or straight to another controller. */
    @Schema(description = "Right to data portability (GDPR Art. 20).", requiredProperties = "type", properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "PORTABILITY"))
    record Portability(@Size(max = 200) @Schema(description = "Another controller to transmit to directly (Art. 20(2)): not available yet, a "
            + "filing with it is refused (422); file without it and send the downloaded export")
                       String transmitTo,
                       @Size(max = DETAILS_MAX) String details) implements FileRequest {
        @Override
        public RequestType type() {
            return RequestType.PORTABILITY;
        }

        @Override
        public RequestDetails toDetails() {
            return new RequestDetails.Portability(transmitTo, details);
        }
    }

    /** GDPR Art. 21. */
    @Schema(description = "Right to object (GDPR Art. 21): to processing for given purposes, or to prospection.", requiredProperties = "type", properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "OBJECTION"))
    record Objection(@NotNull ObjectionScope scope,
                     @Size(max = 8) List<@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,59}",
                             message = "must be a purpose code (lower case letters, digits, '-')") String> purposes,
                     @Size(max = DETAILS_MAX) String details) implements FileRequest {
        @Override
        public RequestType type() {
            return RequestType.OBJECTION;
        }

        @Override
        public RequestDetails toDetails() {
            return new RequestDetails.Objection(scope, purposes, details);
        }

        @Override
        public List<Problem.FieldError> violations() {
            boolean none = purposes == null || purposes.isEmpty();
            if (scope == ObjectionScope.PROCESSING && none) {
                return List.of(new Problem.FieldError("purposes", "is required for an objection to PROCESSING"));
            }
            if (scope == ObjectionScope.PROSPECTION && !none) {
                return List.of(new Problem.FieldError("purposes",
                        "must be empty for PROSPECTION, which covers all direct marketing"));
            }
            return List.of();
        }
    }

    /** Someone the subject designates to receive their data or execute their directives. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Person(@NotBlank @Size(max = 200) String name,
                  @Size(max = 254) String email,
                  @Size(max = 30) String phone,
                  @Size(max = 100) String relationship) {

        public static Person of(RequestDetails.Person person) {
            return person == null ? null : new Person(person.name(), person.email(), person.phone(), person.relationship());
        }

        RequestDetails.Person toDetails() {
            return new RequestDetails.Person(name, email, phone, relationship);
        }
    }

    /** Policy §13.1 and French law no. 78-17 art. 85: the subject's own directives for after their death. */
    @Schema(description = "Record, update or revoke the subject's post-mortem directives (policy §13.1).", requiredProperties = "type", properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "POST_MORTEM_DIRECTIVES"))
    record PostMortemDirectives(@NotNull DirectiveAction action,
                                Directive directive,
                                @Valid Person designatedPerson,
                                @Size(max = DETAILS_MAX) String instructions) implements FileRequest {
        @Override
        public RequestType type() {
            return RequestType.POST_MORTEM_DIRECTIVES;
        }

        @Override
        public RequestDetails toDetails() {
            return new RequestDetails.PostMortemDirectives(action, directive,
                    designatedPerson == null ? null : designatedPerson.toDetails(), instructions);
        }

        @Override
        public List<Problem.FieldError> violations() {
            List<Problem.FieldError> errors = new ArrayList<>();
            if (action == DirectiveAction.REVOKE) {
                if (directive != null) {
                    errors.add(new Problem.FieldError("directive", "must be absent to REVOKE"));
                }
                if (designatedPerson != null) {
                    errors.add(new Problem.FieldError("designatedPerson", "must be absent to REVOKE"));
                }
                if (instructions != null) {
                    errors.add(new Problem.FieldError("instructions", "must be absent to REVOKE"));
                }
                return errors;
            }
            if (action != null && directive == null) {
                errors.add(new Problem.FieldError("directive", "is required to " + action + "; one of ERASE_ALL, KEEP, TRANSMIT"));
            }
            if (directive == Directive.TRANSMIT) {
                if (designatedPerson == null) {
                    errors.add(new Problem.FieldError("designatedPerson", "is required to TRANSMIT"));
                } else if (designatedPerson.email() == null && designatedPerson.phone() == null) {
                    errors.add(new Problem.FieldError("designatedPerson", "needs an email or a phone to TRANSMIT"));
                }
            }
            return errors;
        }
    }

    /** A document the privacy officer checked. */
    record Proof(@NotNull ProofKind kind, @NotBlank @Size(max = 100) String reference) {

        static Proof of(RequestDetails.Proof proof) {
            return proof == null ? null : new Proof(proof.kind(), proof.reference());
        }

        RequestDetails.Proof toDetails() {
            return new RequestDetails.Proof(kind, reference);
        }
    }

    /**
     * Policy §13.1: on proof of death, the deceased's directives are executed; without directives, what the heir
     * asks within art. 85-II. Filed by the privacy officer, who checked the proofs; {@code subjectId} is the deceased.
     */
    @Schema(description = "An heir's request about a deceased subject (policy §13.1); filed by the privacy officer.", requiredProperties = "type", properties = @SchemaProperty(name = "type", type = SchemaType.STRING, enumeration = "HEIR"))
    record Heir(@NotNull @PastOrPresent LocalDate dateOfDeath,
                @NotNull @Valid Proof proofOfDeath,
                @NotNull @Valid Person heir,
                @NotNull @Valid Proof proofOfHeirship,
                @NotNull HeirAsk ask,
                @Size(max = DETAILS_MAX) String details) implements FileRequest {
        @Override
        public RequestType type() {
            return RequestType.HEIR;
        }

        @Override
        public RequestDetails toDetails() {
            return new RequestDetails.Heir(dateOfDeath, proofOfDeath == null ? null : proofOfDeath.toDetails(),
                    heir == null ? null : heir.toDetails(), proofOfHeirship == null ? null : proofOfHeirship.toDetails(), ask, details);
        }

        @Override
        public List<Problem.FieldError> violations() {
            List<Problem.FieldError> errors = new ArrayList<>();
            if (proofOfDeath != null && proofOfDeath.kind() != null
                    && proofOfDeath.kind() != ProofKind.DEATH_CERTIFICATE && proofOfDeath.kind() != ProofKind.OTHER) {
                errors.add(new Problem.FieldError("proofOfDeath.kind", "must be DEATH_CERTIFICATE or OTHER"));
            }
            if (heir != null && heir.relationship() == null) {
                errors.add(new Problem.FieldError("heir.relationship", "is required for an heir"));
            }
            return errors;
        }
    }
}
