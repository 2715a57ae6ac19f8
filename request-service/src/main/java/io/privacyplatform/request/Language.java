package io.privacyplatform.request;

import java.util.Arrays;
import java.util.Optional;

/** The language a request is handled in with its person: mails and the status page. French first (policy, company). */
public enum Language {
    FR("fr"),
    EN("en");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** The code stored and shown: {@code fr}, {@code en}. */
    public String code() {
        return code;
    }

    /** The language of a code, case-insensitive; empty for an unknown one. */
    public static Optional<Language> ofCode(String code) {
        return code == null ? Optional.empty()
                : Arrays.stream(values()).filter(l -> l.code.equalsIgnoreCase(code.strip())).findFirst();
    }

    /** The stored code as a language; anything else reads as French, the default. */
    public static Language stored(String code) {
        return ofCode(code).orElse(FR);
    }
}
