package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.StringJoiner;
import java.util.regex.Pattern;

/** Safe pieces of partners' error bodies: codes and categories only, never message texts. */
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

    static boolean retryableStatus(int status) {
        // 401/403: a revoked or missing key is fixed by an operator; the durable retry picks the task up then.
        return status == 401 || status == 403 || status == 408 || status == 429 || status >= 500;
    }
}
