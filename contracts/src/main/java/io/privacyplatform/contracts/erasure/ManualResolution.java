package io.privacyplatform.contracts.erasure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;

/**
 * One object of an erasure a person resolved by hand after the system's own attempts failed (e.g. a partner task that
 * died): the receipt must say "resolved by hand" with the category, never "erased". Codes and pseudonymous ids only.
 *
 * @param category          what the person established, a code of the producer's fixed list, e.g.
 *                          {@code erased-in-partner-console}, {@code partner-confirmed-by-mail}, {@code no-data-found}
 * @param evidenceReference where the proof is kept (a ticket number, a mail's reference), if given
 * @param resolvedBy        the token subject of the officer who resolved it
 */
public record ManualResolution(@NotBlank String objectType, String objectId, @NotBlank String category,
                               String evidenceReference, @NotBlank String resolvedBy, @NotNull Instant resolvedAt) {
}
