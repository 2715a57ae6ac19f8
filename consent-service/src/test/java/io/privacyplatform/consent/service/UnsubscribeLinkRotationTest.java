package io.privacyplatform.consent.service;

import io.privacyplatform.support.crypto.SigningKeys;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.security.Hmacs;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotating the unsubscribe-link signing key: links already in mails keep working, new ones use the new key. */
class UnsubscribeLinkRotationTest {

    private static final String OLD_KEY = "tlD3hN1zV9fJ0rBq3xWmYc2kUo7sEa5gPiL4nT6vRwA=";
    private static final String NEW_KEY = "8qZ1mXc5vB7nL0kJ3hG6fD9sA2pO4iU8yT1rE5wQ7zM=";
    private static final String SUPPRESSION_KEY = "Xo2f9Lk3Jd8Hs1Ga7Pq5Wr4Et6Yu0Ii3Oo8Pp2Aa5Ss=";

    private static UnsubscribeLinks links(String key, String... retired) {
        return new UnsubscribeLinks(new ServiceKeys(key, List.of(retired), SUPPRESSION_KEY), null, Clock.systemUTC());
    }

    private static String keyId(String key) {
        return SigningKeys.keyId(SigningKeys.utf8(key));
    }

    @Test
    void aTokenNamesItsKeyAndStillVerifiesOnceThatKeyIsRetired() {
        UUID id = UUID.randomUUID();
        String hex = id.toString().replace("-", "");
        String beforeRotation = links(OLD_KEY).token(id);
        assertTrue(beforeRotation.startsWith(hex + "." + keyId(OLD_KEY) + "."), beforeRotation);

        UnsubscribeLinks rotated = links(NEW_KEY, OLD_KEY);
        assertEquals(hex, rotated.verifiedId(beforeRotation));
        String afterRotation = rotated.token(id);
        assertTrue(afterRotation.startsWith(hex + "." + keyId(NEW_KEY) + "."), afterRotation);
        assertNotEquals(keyId(OLD_KEY), keyId(NEW_KEY));
        assertEquals(hex, rotated.verifiedId(afterRotation));

        // Once the old key is dropped from the retired keys, its links are refused (403), the new ones still work.
        UnsubscribeLinks dropped = links(NEW_KEY);
        assertEquals(403, assertThrows(ProblemException.class, () -> dropped.verifiedId(beforeRotation)).status());
        assertEquals(hex, dropped.verifiedId(afterRotation));
    }

    @Test
    void aTokenIssuedBeforeKeyIdsExistedStillVerifiesBeforeAndAfterARotation() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        String legacy = hex + "." + Hmacs.sha256Hex(OLD_KEY, "unsubscribe-link:v1:" + hex);
        assertEquals(hex, links(OLD_KEY).verifiedId(legacy));
        assertEquals(hex, links(NEW_KEY, OLD_KEY).verifiedId(legacy));
        assertEquals(403, assertThrows(ProblemException.class, () -> links(NEW_KEY).verifiedId(legacy)).status());
    }

    @Test
    void aTokenNamingAnUnknownKeyOrAlteredIsRefused() {
        UUID id = UUID.randomUUID();
        String token = links(NEW_KEY).token(id);
        String otherKeyId = token.substring(0, 33) + "00000000" + token.substring(41);
        assertEquals(403, assertThrows(ProblemException.class, () -> links(NEW_KEY).verifiedId(otherKeyId)).status());
        assertEquals(400, assertThrows(ProblemException.class, () -> links(NEW_KEY).verifiedId(token + "0")).status());
    }

    @Test
    void aShortKeyStopsTheServiceWithoutQuotingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> links("tiny-key"));
        assertTrue(e.getMessage().contains("consent.links.signing-key"), e.getMessage());
        assertFalse(e.getMessage().contains("tiny-key"), e.getMessage());
    }
}
