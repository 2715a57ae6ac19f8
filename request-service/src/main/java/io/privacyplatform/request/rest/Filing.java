package io.privacyplatform.request.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacyplatform.request.Language;
import io.privacyplatform.request.service.RequestFiling;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.io.IOException;

/**
 * The body of {@code POST /requests}: a request body of its type ({@link FileRequest}, chosen by {@code type}) plus how
 * to write to the person, fields beside the type's own: {@code language} ({@code fr} by default, or {@code en}) and
 * {@code contactEmail} (optional: where the mails go when the account's datastores hold no address). Read apart from
 * the type's body, so each type keeps refusing unknown fields.
 */
@JsonDeserialize(using = Filing.Reader.class)
public record Filing(@NotNull @Valid FileRequest request,
                     @Pattern(regexp = LANGUAGE_CODES, message = LANGUAGE_RULE) String language,
                     @Email(message = "must be an email address") @Size(max = EMAIL_MAX) String contactEmail) {

    static final String LANGUAGE_CODES = "fr|en";
    static final String LANGUAGE_RULE = "must be fr or en";
    static final int EMAIL_MAX = 254;

    /** The language and address as the filing stores them. */
    RequestFiling.Contact contact() {
        return contact(language, contactEmail);
    }

    static RequestFiling.Contact contact(String language, String contactEmail) {
        return new RequestFiling.Contact(Language.ofCode(language).orElse(Language.FR),
                contactEmail == null || contactEmail.isBlank() ? null : contactEmail.strip());
    }

    @Override
    public String toString() {
        return "Filing[" + request.type() + ", " + language + (contactEmail == null ? "" : ", address given") + "]";
    }

    /** Takes {@code language} and {@code contactEmail} out, then reads the rest as the type's body. */
    static final class Reader extends JsonDeserializer<Filing> {

        @Override
        public Filing deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = parser.readValueAsTree();
            if (!(tree instanceof ObjectNode body)) {
                return new Filing(context.readTreeAsValue(tree, FileRequest.class), null, null);
            }
            String language = text(body.remove("language"));
            String contactEmail = text(body.remove("contactEmail"));
            return new Filing(context.readTreeAsValue(body, FileRequest.class), language, contactEmail);
        }

        /** A value that is not a string fails its field's rule rather than being taken as absent. */
        private static String text(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            return node.isTextual() ? node.asText() : "(not a string)";
        }
    }
}
