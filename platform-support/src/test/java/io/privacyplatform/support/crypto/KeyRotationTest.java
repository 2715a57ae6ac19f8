package io.privacyplatform.support.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotation of the encryption and signing keys: old data and tokens still read, new ones under the new key. */
class KeyRotationTest {

    private static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void encryptedValuesWrittenBeforeARotationStillReadAndNewOnesUseTheNewKey() {
        String oldKey = Base64.getEncoder().encodeToString(random());
        String newKey = Base64.getUrlEncoder().withoutPadding().encodeToString(random());
        String before = new FieldEncryption("test.key", oldKey, List.of()).encrypt("value", "row-1/field");
        FieldEncryption rotated = new FieldEncryption("test.key", newKey, List.of(oldKey));
        assertEquals("value", rotated.decrypt(before, "row-1/field"));
        String after = rotated.encrypt("value", "row-1/field");
        assertNotEquals(before.split("\\.")[1], after.split("\\.")[1]);
        assertEquals("value", new FieldEncryption("test.key", newKey, List.of()).decrypt(after, "row-1/field"));
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> new FieldEncryption("test.key", newKey, List.of()).decrypt(before, "row-1/field"));
        assertTrue(unknown.getMessage().contains("test.key") && !unknown.getMessage().contains(oldKey));
    }

    @Test
    void tokensSignedBeforeARotationStillVerifyUnderTheirKeyId() {
        byte[] oldKey = random();
        byte[] newKey = random();
        byte[] data = "token payload".getBytes(StandardCharsets.UTF_8);
        SigningKeys before = new SigningKeys("test.signing-key", oldKey, List.of());
        byte[] oldSignature = before.sign(data);
        SigningKeys rotated = new SigningKeys("test.signing-key", newKey, List.of(oldKey));
        assertEquals(SigningKeys.keyId(newKey), rotated.currentKeyId());
        assertTrue(rotated.verify(Optional.of(before.currentKeyId()), data, oldSignature));
        assertTrue(rotated.verify(Optional.empty(), data, oldSignature), "a token without key id: any key");
        assertFalse(rotated.verify(Optional.of(rotated.currentKeyId()), data, oldSignature), "the id names the key");
        assertFalse(rotated.verify(Optional.of("00000000"), data, oldSignature));
        assertTrue(rotated.verify(Optional.of(rotated.currentKeyId()), data, rotated.sign(data)));
        assertFalse(new SigningKeys("test.signing-key", newKey, List.of()).verify(Optional.empty(), data, oldSignature));
        IllegalStateException tooShort = assertThrows(IllegalStateException.class,
                () -> new SigningKeys("test.signing-key", newKey, List.of(new byte[31])));
        assertTrue(tooShort.getMessage().contains("test.signing-key"));
    }
}
