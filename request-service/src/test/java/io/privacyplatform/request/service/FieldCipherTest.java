package io.privacyplatform.request.service;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldCipherTest {

    private static final String PLACE = "3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10/details";
    private final String key = newKey();
    private final FieldCipher cipher = new FieldCipher(key, List.of());

    @Test
    void aValueComesBackAndIsNeverStoredTwiceTheSame() {
        String first = cipher.encrypt("Camille Martin, +33 6 12 34 56 78", PLACE);
        String second = cipher.encrypt("Camille Martin, +33 6 12 34 56 78", PLACE);
        assertTrue(first.startsWith("v1."));
        assertNotEquals(first, second, "a fresh nonce each time");
        assertEquals("Camille Martin, +33 6 12 34 56 78", cipher.decrypt(first, PLACE));
        assertNull(cipher.encrypt(null, PLACE));
        assertNull(cipher.decrypt(null, PLACE));
    }

    @Test
    void aValueMovedToAnotherPlaceOrAlteredDoesNotDecrypt() {
        String stored = cipher.encrypt("jeanne@example.fr", PLACE);
        IllegalStateException moved = assertThrows(IllegalStateException.class,
                () -> cipher.decrypt(stored, "9a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/details"));
        assertTrue(!moved.getMessage().contains("jeanne"), "the failure does not quote the value");
        char last = stored.charAt(stored.length() - 1);
        String altered = stored.substring(0, stored.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(altered, PLACE));
    }

    @Test
    void afterARotationValuesWrittenWithTheRetiredKeyStillRead() {
        String old = cipher.encrypt("kept", PLACE);
        FieldCipher rotated = new FieldCipher(newKey(), List.of(key));
        assertEquals("kept", rotated.decrypt(old, PLACE));
        String fresh = rotated.encrypt("new", PLACE);
        assertNotEquals(old.split("\\.")[1], fresh.split("\\.")[1], "new values carry the new key's id");
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(fresh, PLACE), "the old key alone cannot read them");
    }

    @Test
    void aKeyThatIsNotBase64Of32BytesStopsTheServiceAtStartup() {
        assertThrows(IllegalStateException.class, () -> new FieldCipher("not base64!", List.of()));
        assertThrows(IllegalStateException.class, () -> new FieldCipher(Base64.getEncoder().encodeToString(new byte[16]), List.of()));
        // URL-safe without padding, as deploy/local generates it, is accepted.
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        new FieldCipher(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), List.of());
    }

    private static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
