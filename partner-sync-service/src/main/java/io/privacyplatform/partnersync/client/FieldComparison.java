package io.privacyplatform.partnersync.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Compares a value sent to a partner with the value read back, by SHA-256 of both normalized values, so that the
 * comparison itself handles digests only; neither the values nor the digests are kept. Normalization absorbs what
 * partners may do to a value without changing it: surrounding spaces, the case of an email address (HubSpot lowercases
 * it), the punctuation of a phone number.
 */
final class FieldComparison {

    private FieldComparison() {
    }

    static boolean sameValue(String field, String sent, String readBack) {
        if (readBack == null) {
            return sent == null || sent.isBlank();
        }
        return MessageDigest.isEqual(digest(normalize(field, sent)), digest(normalize(field, readBack)));
    }

    static String normalize(String field, String value) {
        String trimmed = value == null ? "" : value.trim().replaceAll("\\s+", " ");
        return switch (field) {
            case RectificationValues.EMAIL -> trimmed.toLowerCase(Locale.ROOT);
            case RectificationValues.PHONE -> trimmed.replaceAll("[^+0-9]", "");
            default -> trimmed;
        };
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
