package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The kinds of partner object that can hold a subject's data, as registered in processor records. Each one
 * belongs to one partner and has the id format that partner documents (so a typo or an email address
 * used as an id is rejected at registration, not discovered at erasure time).
 */
public enum PartnerObjectType {

    STRIPE_CUSTOMER(Systems.STRIPE, "customer", "cus_[A-Za-z0-9]{1,100}", "DELETE /v1/customers/{id}"),
    HUBSPOT_CONTACT(Systems.HUBSPOT, "contact", "[0-9]{1,30}", "POST /crm/{version}/objects/contacts/gdpr-delete"),
    OPENAI_RESPONSE(Systems.OPENAI, "response", "resp_[A-Za-z0-9_-]{1,150}", "DELETE /v1/responses/{id}"),
    OPENAI_CONVERSATION(Systems.OPENAI, "conversation", "conv_[A-Za-z0-9_-]{1,150}",
            "DELETE /v1/conversations/{id}/items/{item_id}, then DELETE /v1/conversations/{id}"),
    OPENAI_FILE(Systems.OPENAI, "file", "file-[A-Za-z0-9_-]{1,150}", "DELETE /v1/files/{id}"),
    OPENAI_VECTOR_STORE(Systems.OPENAI, "vector_store", "vs_[A-Za-z0-9_-]{1,150}", "DELETE /v1/vector_stores/{id}"),
    OPENAI_CHAT_COMPLETION(Systems.OPENAI, "chat_completion", "chatcmpl-[A-Za-z0-9_-]{1,150}",
            "DELETE /v1/chat/completions/{id}");

    private final String partner;
    private final String wireName;
    private final Pattern idFormat;
    private final String plannedAction;

    PartnerObjectType(String partner, String wireName, String idFormat, String plannedAction) {
        this.partner = partner;
        this.wireName = wireName;
        this.idFormat = Pattern.compile(idFormat);
        this.plannedAction = plannedAction;
    }

    /** The erasure call made for this type (evidence of a task that never got an answer). */
    public String plannedAction() {
        return plannedAction;
    }

    /** A partner name of {@link Systems#PARTNERS}. */
    public String partner() {
        return partner;
    }

    /** The object type as it appears in the API, the database and the evidence, e.g. {@code vector_store}. */
    public String wireName() {
        return wireName;
    }

    public boolean acceptsId(String objectId) {
        return objectId != null && idFormat.matcher(objectId).matches();
    }

    /** The documented id format, for error messages. */
    public String idFormat() {
        return idFormat.pattern();
    }

    public static Optional<PartnerObjectType> of(String partner, String wireName) {
        return Arrays.stream(values())
                .filter(t -> t.partner.equals(partner) && t.wireName.equals(wireName))
                .findFirst();
    }

    public static List<String> wireNamesOf(String partner) {
        return Arrays.stream(values()).filter(t -> t.partner.equals(partner)).map(PartnerObjectType::wireName).toList();
    }
}
