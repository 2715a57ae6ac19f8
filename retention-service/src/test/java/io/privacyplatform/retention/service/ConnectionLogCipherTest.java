package io.privacyplatform.retention.service;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionLogCipherTest {

    private final ConnectionLogCipher cipher = new ConnectionLogCipher(Optional.of(newKey()));

    @Test
    void anAddressComesBackOnlyForItsSubjectAndIsNeverStoredTwiceTheSame() {
        String first = cipher.encrypt("203.0.113.42", "usr-1");
        String second = cipher.encrypt("203.0.113.42", "usr-1");
        assertTrue(first.startsWith("v1."));
        assertNotEquals(first, second);
        assertFalse(first.contains("203.0.113"));
        assertEquals("203.0.113.42", cipher.decrypt(first, "usr-1"));
        IllegalStateException moved = assertThrows(IllegalStateException.class, () -> cipher.decrypt(first, "usr-2"));
        assertFalse(moved.getMessage().contains("203.0.113"));
        // A character in the middle (the last one may only carry unused padding bits).
        int middle = first.length() / 2;
        String altered = first.substring(0, middle) + (first.charAt(middle) == 'A' ? 'B' : 'A') + first.substring(middle + 1);
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(altered, "usr-1"));
        assertThrows(IllegalStateException.class, () -> new ConnectionLogCipher(Optional.of(newKey())).decrypt(first, "usr-1"));
    }

    @Test
    void afterARotationOldEntriesStillReadAndNewOnesUseTheNewKey() {
        String oldKey = newKey();
        String newKey = newKey();
        String before = new ConnectionLogCipher(Optional.of(oldKey)).encrypt("203.0.113.42", "usr-1");
        ConnectionLogCipher rotated = new ConnectionLogCipher(Optional.of(newKey), List.of(oldKey));
        assertEquals("203.0.113.42", rotated.decrypt(before, "usr-1"));
        String after = rotated.encrypt("203.0.113.43", "usr-1");
        assertNotEquals(before.split("\\.")[1], after.split("\\.")[1], "a new key id");
        // The new entry reads with the new key alone, not with the old one.
        assertEquals("203.0.113.43", new ConnectionLogCipher(Optional.of(newKey)).decrypt(after, "usr-1"));
        assertThrows(IllegalStateException.class, () -> new ConnectionLogCipher(Optional.of(oldKey)).decrypt(after, "usr-1"));
    }

    @Test
    void withoutAKeyNothingIsEncryptedAndABadKeyStopsTheService() {
        ConnectionLogCipher none = new ConnectionLogCipher(Optional.empty());
        assertFalse(none.available());
        assertThrows(IllegalStateException.class, () -> none.encrypt("203.0.113.42", "usr-1"));
        assertThrows(IllegalStateException.class, () -> new ConnectionLogCipher(Optional.of("not base64!")));
        assertThrows(IllegalStateException.class, () -> new ConnectionLogCipher(Optional.of(
                Base64.getEncoder().encodeToString(new byte[16]))));
    }

    @Test
    void onlyAddressLiteralsAreAddresses() {
        assertTrue(ConnectionLogService.isIpAddress("198.51.100.7"));
        assertTrue(ConnectionLogService.isIpAddress("2001:db8::1"));
        assertTrue(ConnectionLogService.isIpAddress("::ffff:192.0.2.1"));
        assertFalse(ConnectionLogService.isIpAddress("256.1.1.1"));
        assertFalse(ConnectionLogService.isIpAddress("localhost"));
        assertFalse(ConnectionLogService.isIpAddress("cafe"));
        assertFalse(ConnectionLogService.isIpAddress("2001:db8::zz"));
        assertFalse(ConnectionLogService.isIpAddress(null));
    }

    private static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
