package io.privacyplatform.request.service;

import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.crypto.FieldEncryption;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Encryption at rest of the personal data and free text a request carries, with {@code requests.encryption.key}
 * (and retired keys after a rotation): platform-support's {@link FieldEncryption}, the value's place (e.g.
 * {@code <request id>/details}, see {@link Sealed}) as associated data. Checked at startup, so a missing or
 * malformed key stops the service instead of failing the first request.
 */
@Startup
@ApplicationScoped
public class FieldCipher {

    private final FieldEncryption encryption;

    @Inject
    FieldCipher(RequestsConfig config) {
        this(config.encryption().key(), config.encryption().retiredKeys().orElse(List.of()));
    }

    FieldCipher(String key, List<String> retiredKeys) {
        this.encryption = new FieldEncryption("requests.encryption", key, retiredKeys);
    }

    /** Null stays null. */
    public String encrypt(String plaintext, String place) {
        return encryption.encrypt(plaintext, place);
    }

    /** Null stays null. A value that does not decrypt (wrong place, unknown key, altered bytes) is a server fault. */
    public String decrypt(String stored, String place) {
        return encryption.decrypt(stored, place);
    }
}
