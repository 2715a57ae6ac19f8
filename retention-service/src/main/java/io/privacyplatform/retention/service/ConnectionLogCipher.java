package io.privacyplatform.retention.service;

import io.privacyplatform.retention.config.RetentionConfig;
import io.privacyplatform.support.crypto.FieldEncryption;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * Encrypts IP addresses at rest (policy §10 "chiffrement de certaines données", §8) with platform-support's
 * {@link FieldEncryption} (AES-256-GCM), the subject id as associated data: a value moved to another subject's row
 * does not decrypt. The key is optional: without it nothing is encrypted and the ingest API refuses connection logs
 * (see {@link #available()}); a malformed key stops the service at startup.
 */
@Startup
@ApplicationScoped
public class ConnectionLogCipher {

    private static final String SETTING = "retention.connection-logs.encryption-key";

    private final FieldEncryption encryption;

    @Inject
    ConnectionLogCipher(RetentionConfig config) {
        this(config.connectionLogs().encryptionKey(), config.connectionLogs().retiredEncryptionKeys().orElse(List.of()));
    }

    ConnectionLogCipher(Optional<String> encodedKey) {
        this(encodedKey, List.of());
    }

    ConnectionLogCipher(Optional<String> encodedKey, List<String> retiredKeys) {
        this.encryption = encodedKey.filter(k -> !k.isBlank()).map(k -> new FieldEncryption(SETTING, k, retiredKeys)).orElse(null);
    }

    public boolean available() {
        return encryption != null;
    }

    public String encrypt(String ip, String subjectId) {
        return require().encrypt(ip, subjectId);
    }

    /** A value that does not decrypt (another subject's row, another key, altered bytes) is a server fault. */
    public String decrypt(String stored, String subjectId) {
        return require().decrypt(stored, subjectId);
    }

    private FieldEncryption require() {
        if (encryption == null) {
            throw new IllegalStateException(SETTING + " is not configured");
        }
        return encryption;
    }
}
