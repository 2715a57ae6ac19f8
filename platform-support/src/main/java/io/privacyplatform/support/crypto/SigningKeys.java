package io.privacyplatform.support.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HMAC-SHA256 keys that sign tokens (the person's links, unsubscribe links): the current key signs, retired keys
 * still verify, so a token issued before a rotation keeps working and every new one is signed with the new key.
 * A token names its key by id: the first 8 hex digits of the key's SHA-256, as {@link FieldEncryption}'s; a token
 * issued before key ids existed names none and is checked against every key. A key shorter than 32 bytes fails at
 * construction. Messages name the setting, never a key.
 */
public final class SigningKeys {

    public static final int MIN_KEY_BYTES = 32;

    private final String setting;
    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    /**
     * @param setting     the configuration key the keys come from, named in error messages
     * @param key         the key new tokens are signed with (its bytes)
     * @param retiredKeys former keys, which still verify the tokens they signed
     */
    public SigningKeys(String setting, byte[] key, List<byte[]> retiredKeys) {
        this.setting = setting;
        List<byte[]> all = new ArrayList<>();
        all.add(key);
        all.addAll(retiredKeys);
        for (byte[] bytes : all) {
            if (bytes.length < MIN_KEY_BYTES) {
                throw new IllegalStateException(setting + " keys must hold at least " + MIN_KEY_BYTES
                        + " random bytes; one has " + bytes.length);
            }
            keys.putIfAbsent(keyId(bytes), new SecretKeySpec(bytes, "HmacSHA256"));
        }
        this.currentKeyId = keyId(key);
    }

    /** The id of the key new tokens are signed with. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /** The signature of {@code data} with the current key. */
    public byte[] sign(byte[] data) {
        return mac(keys.get(currentKeyId), data);
    }

    /**
     * Whether {@code signature} is {@code data}'s under the key {@code keyId} names (an unknown id: false), or under
     * any current or retired key when the token names none. Constant time per key.
     */
    public boolean verify(Optional<String> keyId, byte[] data, byte[] signature) {
        if (keyId.isPresent()) {
            SecretKeySpec key = keys.get(keyId.get());
            return key != null && MessageDigest.isEqual(mac(key, data), signature);
        }
        boolean valid = false;
        for (SecretKeySpec key : keys.values()) {
            valid |= MessageDigest.isEqual(mac(key, data), signature);
        }
        return valid;
    }

    /** Whether the id names a current or retired key. */
    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    /** {@code SHA-256(key)}, first 8 hex digits: a key's id, safe to show. */
    public static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The bytes of a key given as text used as such (UTF-8), as the consent-service keys are. */
    public static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKeys[" + setting + ", current " + currentKeyId + ", " + keys.size() + " known]";
    }
}
