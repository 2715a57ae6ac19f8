package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kinds of partner object that can hold a subject's data, as registered in processor records, and what
 * partner-sync can do with each ({@link Capability}): the one declaration of which system supports which task kind.
 * Planners, the task engine, the metrics and the access export read it; adding a system (or an object type) means
 * adding its types here and a {@link io.privacyplatform.partnersync.client.PartnerConnector} that implements their
 * capabilities. Each type belongs to one partner and has the id format that partner documents (so a typo or an email
 * address used as an id is rejected at registration, not discovered at erasure time).
 */
public enum PartnerObjectType {

    STRIPE_CUSTOMER(Systems.STRIPE, "customer", "cus_[A-Za-z0-9]{1,100}", "DELETE /v1/customers/{id}",
            Capability.ERASE, Capability.RECTIFY, Capability.LOOKUP, Capability.EXPORT_READ),
    // What a deleted customer leaves at Stripe: accounting records, kept under the billing exemption (accounting rule),
    // recorded at the customer's erasure, redacted by a redaction job when that rule ends. Never deleted (Stripe
    // cannot), never read back for an export.
    STRIPE_INVOICE(Systems.STRIPE, "invoice", "in_[A-Za-z0-9]{1,100}", "POST /v1/privacy/redaction_jobs (invoices)",
            Capability.REDACT),
    STRIPE_CHARGE(Systems.STRIPE, "charge", "(ch|py)_[A-Za-z0-9]{1,100}", "POST /v1/privacy/redaction_jobs (charges)",
            Capability.REDACT),
    STRIPE_PAYMENT_INTENT(Systems.STRIPE, "payment_intent", "pi_[A-Za-z0-9]{1,100}",
            "POST /v1/privacy/redaction_jobs (payment_intents)", Capability.REDACT),
    HUBSPOT_CONTACT(Systems.HUBSPOT, "contact", "[0-9]{1,30}", "POST /crm/{version}/objects/contacts/gdpr-delete",
            Capability.ERASE, Capability.RECTIFY, Capability.UNSUBSCRIBE, Capability.LOOKUP, Capability.EXPORT_READ),
    // OpenAI objects are content (responses, files...), not a contact record: erased, never rectified or read back.
    OPENAI_RESPONSE(Systems.OPENAI, "response", "resp_[A-Za-z0-9_-]{1,150}", "DELETE /v1/responses/{id}",
            Capability.ERASE),
    OPENAI_CONVERSATION(Systems.OPENAI, "conversation", "conv_[A-Za-z0-9_-]{1,150}",
            "DELETE /v1/conversations/{id}/items/{item_id}, then DELETE /v1/conversations/{id}", Capability.ERASE),
    OPENAI_FILE(Systems.OPENAI, "file", "file-[A-Za-z0-9_-]{1,150}", "DELETE /v1/files/{id}", Capability.ERASE),
    OPENAI_VECTOR_STORE(Systems.OPENAI, "vector_store", "vs_[A-Za-z0-9_-]{1,150}", "DELETE /v1/vector_stores/{id}",
            Capability.ERASE),
    OPENAI_CHAT_COMPLETION(Systems.OPENAI, "chat_completion", "chatcmpl-[A-Za-z0-9_-]{1,150}",
            "DELETE /v1/chat/completions/{id}", Capability.ERASE);

    private final String partner;
    private final String wireName;
    private final Pattern idFormat;
    private final String plannedAction;
    private final Set<Capability> capabilities;

    PartnerObjectType(String partner, String wireName, String idFormat, String plannedAction, Capability first,
                      Capability... more) {
        this.partner = partner;
        this.wireName = wireName;
        this.idFormat = Pattern.compile(idFormat);
        this.plannedAction = plannedAction;
        this.capabilities = Collections.unmodifiableSet(EnumSet.of(first, more));
    }

    public boolean supports(Capability capability) {
        return capabilities.contains(capability);
    }

    /** Whether a task of this kind can run on objects of this type. */
    public boolean supports(TaskKind kind) {
        return supports(Capability.of(kind));
    }

    /** Whether some object type of the partner has the capability. */
    public static boolean supports(String partner, Capability capability) {
        return Arrays.stream(values()).anyMatch(t -> t.partner.equals(partner) && t.supports(capability));
    }

    /** The task kinds that can run at the partner, in {@link TaskKind} order. */
    public static List<TaskKind> taskKindsOf(String partner) {
        return Arrays.stream(TaskKind.values()).filter(kind -> supports(partner, Capability.of(kind))).toList();
    }

    /** The object type a lookup by email finds at the partner, if it can be searched. */
    public static Optional<PartnerObjectType> foundByLookup(String partner) {
        return Arrays.stream(values()).filter(t -> t.partner.equals(partner) && t.supports(Capability.LOOKUP)).findFirst();
    }

    /** Whether a processor record's object (partner and wire name) has the capability; unknown types have none. */
    public static boolean supports(String partner, String wireName, Capability capability) {
        return of(partner, wireName).map(t -> t.supports(capability)).orElse(false);
    }

    /** The erasure call made for this type (evidence of a task that never got an answer). */
    public String plannedAction() {
        return plannedAction;
    }

    /** The partner's system name in the registry ({@code systems.yaml}). */
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

    /** The partner's object type whose id format this id has, among the types with the capability. */
    public static Optional<PartnerObjectType> ofId(String partner, String objectId, Capability capability) {
        return Arrays.stream(values())
                .filter(t -> t.partner.equals(partner) && t.supports(capability) && t.acceptsId(objectId))
                .findFirst();
    }

    public static List<String> wireNamesOf(String partner) {
        return Arrays.stream(values()).filter(t -> t.partner.equals(partner)).map(PartnerObjectType::wireName).toList();
    }
}
