package io.privacyplatform.partnersync;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the privacy officer established when resolving a DEAD erasure task by hand (issue 15): a fixed list, so the
 * receipt can say what happened in the person's words. The code is published in erasure-confirmed
 * ({@code resolvedByHand[].category}); add a value at the end, never rename one.
 */
public enum ResolutionCategory {
    /** The officer (or an operator they asked) erased the object in the partner's own console. */
    ERASED_IN_PARTNER_CONSOLE("erased-in-partner-console", true),
    /** The partner confirmed the erasure in writing (a mail). */
    PARTNER_CONFIRMED_BY_MAIL("partner-confirmed-by-mail", true),
    /** The partner's support confirmed the erasure in a ticket. */
    PARTNER_CONFIRMED_BY_TICKET("partner-confirmed-by-ticket", true),
    /** The officer checked at the partner: the object no longer exists (erased by the partner's own retention). */
    ALREADY_ABSENT_AT_PARTNER("already-absent-at-partner", true),
    /** The officer checked at the partner: it never held data of this person (a wrong record). */
    NO_DATA_FOUND("no-data-found", false);

    private final String code;
    private final boolean erased;

    ResolutionCategory(String code, boolean erased) {
        this.code = code;
        this.erased = erased;
    }

    public String code() {
        return code;
    }

    /** Whether the object counts as erased in the confirmation's outcome (else as never held). */
    public boolean erased() {
        return erased;
    }

    public static Optional<ResolutionCategory> ofCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }

    public static String codes() {
        return Arrays.stream(values()).map(ResolutionCategory::code).collect(Collectors.joining(", "));
    }
}
