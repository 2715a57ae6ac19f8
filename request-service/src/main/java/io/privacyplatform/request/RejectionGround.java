package io.privacyplatform.request;

import io.privacyplatform.contracts.request.RequestType;

import java.util.Set;

/**
 * The legal grounds on which a request may be refused. Art. 12(5) applies to every right; the exemptions of
 * Art. 17(3) only to erasure (and to heirs asking for the closure of an account, which is an erasure).
 */
public enum RejectionGround {
    MANIFESTLY_UNFOUNDED("GDPR Art. 12(5)(b)", "The request is manifestly unfounded."),
    MANIFESTLY_EXCESSIVE("GDPR Art. 12(5)(b)", "The request is manifestly excessive, in particular because of its repetitive character."),
    FREEDOM_OF_EXPRESSION("GDPR Art. 17(3)(a)", "The data is needed to exercise the right of freedom of expression and information."),
    LEGAL_OBLIGATION("GDPR Art. 17(3)(b)", "The data must be kept to comply with a legal obligation."),
    PUBLIC_INTEREST("GDPR Art. 17(3)(b) and (c)", "The data is needed for a task carried out in the public interest, including public health."),
    ARCHIVING("GDPR Art. 17(3)(d)", "The data is needed for archiving in the public interest, scientific or historical research or statistics."),
    LEGAL_CLAIMS("GDPR Art. 17(3)(e)", "The data is needed for the establishment, exercise or defence of legal claims.");

    private static final Set<RequestType> ERASURE_TYPES = Set.of(RequestType.ERASURE, RequestType.HEIR);

    private final String article;
    private final String description;

    RejectionGround(String article, String description) {
        this.article = article;
        this.description = description;
    }

    public String article() {
        return article;
    }

    public String description() {
        return description;
    }

    public boolean appliesTo(RequestType type) {
        return article.startsWith("GDPR Art. 12") || ERASURE_TYPES.contains(type);
    }
}
