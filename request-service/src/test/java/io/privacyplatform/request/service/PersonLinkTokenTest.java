package io.privacyplatform.request.service;

import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.crypto.SigningKeys;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature check of the person's links: only a token we signed, whole and unaltered, names a link. */
class PersonLinkTokenTest {

    private static final String KEY = key(32, (byte) 7);
    private static final Deadlines DEADLINES = new Deadlines(ZoneId.of("Europe/Paris"),
            Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));

    private final PersonLinks links = new PersonLinks(config(KEY), DEADLINES);
    private final UUID linkId = UUID.randomUUID();
    private final String token = links.token(linkId, Instant.parse("2026-04-30T10:00:00Z"));

    static RequestsConfig config(String signingKey, String... retiredKeys) {
        RequestsConfig.PersonLinks personLinks = (RequestsConfig.PersonLinks) Proxy.newProxyInstance(
                PersonLinkTokenTest.class.getClassLoader(), new Class<?>[]{RequestsConfig.PersonLinks.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "signingKey" -> signingKey;
                    case "retiredSigningKeys" -> Optional.of(List.of(retiredKeys));
                    case "baseUrl" -> "https://privacy.example.com/";
                    case "ttl" -> Duration.ofDays(60);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (RequestsConfig) Proxy.newProxyInstance(PersonLinkTokenTest.class.getClassLoader(),
                new Class<?>[]{RequestsConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("personLinks")) {
                        return personLinks;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private void refused(String candidate) {
        PersonLinks.LinkRefused refusal = assertThrows(PersonLinks.LinkRefused.class, () -> links.verifiedLinkId(candidate),
                candidate);
        assertEquals(PersonLinks.Refusal.UNKNOWN, refusal.refusal());
        assertEquals(404, refusal.status());
    }

    @Test
    void aTokenWeSignedNamesItsLink() {
        assertEquals(linkId, links.verifiedLinkId(token));
        assertTrue(token.matches("[0-9a-f]{8}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "key id, then URL-safe: " + token);
    }

    @Test
    void anAlteredTruncatedOrForgedTokenNamesNoLink() {
        String[] parts = token.split("\\.");
        String keyId = parts[0] + ".";
        String payload = parts[1];
        String signature = parts[2];
        String otherLink = links.token(UUID.randomUUID(), Instant.parse("2026-04-30T10:00:00Z"));
        List<String> candidates = List.of(
                keyId + flip(payload) + "." + signature,
                keyId + payload + "." + flip(signature),
                token.substring(0, token.length() - 1),
                keyId + payload,
                keyId + payload + ".",
                keyId + "." + signature,
                // a valid payload with another link's signature, and a later expiry signed by nobody
                keyId + payload + "." + otherLink.split("\\.")[2],
                keyId + links.token(linkId, Instant.parse("2027-04-30T10:00:00Z")).split("\\.")[1] + "." + signature,
                // a key id no key has, and one dot too many
                "00000000." + payload + "." + signature,
                keyId + token,
                token + "x",
                token.replace('.', '!'),
                "");
        candidates.forEach(this::refused);
        refused(null);
        refused(token + "A".repeat(200));
    }

    @Test
    void aTokenSignedWithAnotherKeyNamesNoLink() {
        PersonLinks elsewhere = new PersonLinks(config(key(32, (byte) 9)), DEADLINES);
        refused(elsewhere.token(linkId, Instant.parse("2026-04-30T10:00:00Z")));
    }

    @Test
    void aShortOrUnreadableKeyStopsTheStart() {
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> new PersonLinks(config(key(16, (byte) 7)), DEADLINES));
        assertTrue(shortKey.getMessage().contains("requests.person-links.signing-key") && shortKey.getMessage().contains("has 16"),
                shortKey.getMessage());
        assertThrows(IllegalStateException.class, () -> new PersonLinks(config("not base64 at all!"), DEADLINES));
    }

    @Test
    void afterARotationOldLinksStillOpenAndNewOnesAreSignedWithTheNewKey() {
        String newKey = key(32, (byte) 11);
        PersonLinks rotated = new PersonLinks(config(newKey, KEY), DEADLINES);
        assertEquals(linkId, rotated.verifiedLinkId(token), "a link in a mail sent before the rotation");
        String fresh = rotated.token(linkId, Instant.parse("2026-04-30T10:00:00Z"));
        assertEquals(SigningKeys.keyId(Base64.getDecoder().decode(newKey)), fresh.substring(0, 8));
        assertNotEquals(token.substring(0, 8), fresh.substring(0, 8));
        assertEquals(linkId, rotated.verifiedLinkId(fresh));
        // The old key retired for good: its links no longer open, the new ones do.
        PersonLinks retiredForGood = new PersonLinks(config(newKey), DEADLINES);
        assertThrows(PersonLinks.LinkRefused.class, () -> retiredForGood.verifiedLinkId(token));
        assertEquals(linkId, retiredForGood.verifiedLinkId(fresh));
    }

    @Test
    void aLinkIssuedBeforeKeyIdsExistedStillOpensBeforeAndAfterARotation() {
        String legacy = token.substring(token.indexOf('.') + 1); // payload.signature, as issue 14 signed it
        assertEquals(linkId, links.verifiedLinkId(legacy));
        assertEquals(linkId, new PersonLinks(config(key(32, (byte) 11), KEY), DEADLINES).verifiedLinkId(legacy));
        assertThrows(PersonLinks.LinkRefused.class,
                () -> new PersonLinks(config(key(32, (byte) 11)), DEADLINES).verifiedLinkId(legacy));
    }

    private static String key(int length, byte fill) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String flip(String base64) {
        char first = base64.charAt(0);
        return (first == 'A' ? 'B' : 'A') + base64.substring(1);
    }
}
