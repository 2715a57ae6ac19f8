package io.privacyplatform.retention.service;

import io.privacyplatform.retention.config.RetentionConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Encrypts IP addresses at rest (policy §10 "chiffrement de certaines données", §8): AES-256-GCM, a fresh 96-bit
 * nonce per value, the subject id as associated data (a value moved to another subject's row does not decrypt).
 * Stored form {@code v1.<base64url(nonce | ciphertext | tag)>}. The key is optional: without it nothing is
 * encrypted and the ingest API refuses connection logs (see {@link #available()}); a malformed key stops the
 * service at startup.
 */
@Startup
@ApplicationScoped
public class ConnectionLogCipher {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;

    @Inject
    ConnectionLogCipher(RetentionConfig config) {
        this(config.connectionLogs().encryptionKey());
    }

    ConnectionLogCipher(Optional<String> encodedKey) {
        this.key = encodedKey.filter(k -> !k.isBlank()).map(ConnectionLogCipher::decodeKey).orElse(null);
    }

    public boolean available() {
        return key != null;
    }

    public String encrypt(String ip, String subjectId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(subjectId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(ip.getBytes(StandardCharsets.UTF_8));
            byte[] stored = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** A value that does not decrypt (another subject's row, another key, altered bytes) is a server fault. */
    public String decrypt(String stored, String subjectId) {
        if (stored == null || !stored.startsWith(VERSION + ".")) {
            throw new IllegalStateException("stored connection log address is not in the " + VERSION + " format");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(stored.substring(VERSION.length() + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(subjectId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("stored connection log address does not decrypt: altered, moved, or another key");
        }
    }

    private SecretKey requireKey() {
        if (key == null) {
            throw new IllegalStateException("retention.connection-logs.encryption-key is not configured");
        }
        return key;
    }

    private static SecretKey decodeKey(String encoded) {
        byte[] bytes;
        try {
            String trimmed = encoded.strip();
            bytes = trimmed.contains("-") || trimmed.contains("_")
                    ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("retention.connection-logs.encryption-key must be base64 of 32 bytes; it is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("retention.connection-logs.encryption-key must be base64 of 32 bytes (AES-256); it has "
                    + bytes.length + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
