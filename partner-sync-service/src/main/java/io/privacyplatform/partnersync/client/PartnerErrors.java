package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.partnersync.DeadReason;

import java.time.Duration;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Safe pieces of partners' error bodies (codes and categories only, never message texts) and the rule that
 * decides between "retry later" and "dead now".
 */
final class PartnerErrors {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,60}");

    private PartnerErrors() {
    }

    /** A machine code from an error body, or null when absent or not code-shaped. */
    static String code(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.asText();
        return CODE.matcher(text).matches() ? text : null;
    }

    /** e.g. {@code DELETE customer: HTTP 429 rate_limit}. */
    static String reason(String step, int status, String... codes) {
        StringJoiner joiner = new StringJoiner(" ");
        joiner.add(step + ":").add("HTTP " + status);
        for (String code : codes) {
            if (code != null) {
                joiner.add(code);
            }
        }
        return joiner.toString();
    }

    /**
     * The common rule, after partner-specific overrides (Stripe-Should-Retry, OpenAI insufficient_quota):
     * <ul>
     *   <li>2xx, 1xx, 3xx where the connector expected something else (a truncated or empty body, an HTML page): retry;</li>
     *   <li>401/403: dead ({@link DeadReason#UNAUTHORIZED}), an operator must fix the key and retry the task;</li>
     *   <li>408, 409, 425, 429 and 5xx: retry, honouring {@code hint};</li>
     *   <li>other 4xx in the partner's own error shape: dead ({@link DeadReason#PARTNER_REJECTED});</li>
     *   <li>other 4xx without it (a proxy or gateway speaking, not the partner's API): retry.</li>
     * </ul>
     *
     * @param partnerShaped whether the body is the partner's documented error JSON
     */
    static PartnerException classify(String partner, String step, PartnerResponse response, boolean partnerShaped,
                                     String code, Optional<Duration> hint) {
        int status = response.status();
        if (status == 401 || status == 403) {
            return new PermanentPartnerException(partner, status, code, reason(step, status, code), DeadReason.UNAUTHORIZED);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 409 && status != 425 && status != 429) {
            if (partnerShaped) {
                return new PermanentPartnerException(partner, status, code, reason(step, status, code),
                        DeadReason.PARTNER_REJECTED);
            }
            return new TransientPartnerException(partner, status, null,
                    reason(step, status) + " (not in " + partner + "'s error format)", hint.orElse(null));
        }
        if (status < 400) {
            return new TransientPartnerException(partner, status, null,
                    reason(step, status) + " (unexpected or unreadable body)", hint.orElse(null));
        }
        return new TransientPartnerException(partner, status, code, reason(step, status, code), hint.orElse(null));
    }
}
