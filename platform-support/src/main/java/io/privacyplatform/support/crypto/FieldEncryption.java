package io.privacyplatform.support.crypto;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encryption at rest of single values (policy §10, "chiffrement de certaines données"): AES-256-GCM, a fresh 96-bit
 * nonce per value, and the value's place (e.g. {@code <request id>/details}, a subject id) as associated data, so a
 * ciphertext copied to another row or column does not decrypt. Stored form:
 * {@code v1.<key id>.<base64url(nonce | ciphertext | tag)>}, the key id being the first 8 hex digits of the key's
 * SHA-256: after a rotation, values written with a retired key still read. Keys are base64 (standard or URL) of
 * 32 bytes; a malformed key fails at construction, so a service checks it at startup. Messages never quote a value.
 */
public final class FieldEncryption {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String setting;
    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    /**
     * @param setting     the configuration key the keys come from, named in error messages
     * @param key         the key new values are written with
     * @param retiredKeys former keys, to read values written before a rotation
     */
    public FieldEncryption(String setting, String key, List<String> retiredKeys) {
        this.setting = setting;
        List<String> all = new ArrayList<>();
        all.add(key);
        all.addAll(retiredKeys);
        String first = null;
        for (String encoded : all) {
            byte[] bytes = decodeKey(encoded);
            String id = keyId(bytes);
            keys.putIfAbsent(id, new SecretKeySpec(bytes, "AES"));
            first = first == null ? id : first;
        }
        currentKeyId = first;
    }

    /** Null stays null. */
    public String encrypt(String plaintext, String place) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(place.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] stored = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + "." + currentKeyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Null stays null. A value that does not decrypt (wrong place, unknown key, altered bytes) is a server fault. */
    public String decrypt(String stored, String place) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split("\\.", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalStateException("stored value at " + place + " is not in the " + VERSION + " format");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("stored value at " + place + " was encrypted with key " + parts[1]
                    + ", which is neither " + setting + " nor a retired key");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(place.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("stored value at " + place + " does not decrypt: altered, or moved from another place");
        }
    }

    private byte[] decodeKey(String encoded) {
        byte[] bytes;
        try {
            String trimmed = encoded.strip();
            bytes = trimmed.contains("-") || trimmed.contains("_")
                    ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " keys must be base64 of 32 bytes; one is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(setting + " keys must be base64 of 32 bytes (AES-256); one has "
                    + bytes.length + " bytes");
        }
        return bytes;
    }

    private static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
