package io.privacyplatform.request.service;

import io.privacyplatform.request.config.RequestsConfig;
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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    static RequestsConfig config(String signingKey) {
        RequestsConfig.PersonLinks personLinks = (RequestsConfig.PersonLinks) Proxy.newProxyInstance(
                PersonLinkTokenTest.class.getClassLoader(), new Class<?>[]{RequestsConfig.PersonLinks.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "signingKey" -> signingKey;
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
        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "URL-safe: " + token);
    }

    @Test
    void anAlteredTruncatedOrForgedTokenNamesNoLink() {
        int dot = token.indexOf('.');
        String payload = token.substring(0, dot);
        String signature = token.substring(dot + 1);
        String otherLink = links.token(UUID.randomUUID(), Instant.parse("2026-04-30T10:00:00Z"));
        List<String> candidates = List.of(
                flip(payload) + "." + signature,
                payload + "." + flip(signature),
                token.substring(0, token.length() - 1),
                payload,
                payload + ".",
                "." + signature,
                // a valid payload with another link's signature, and a later expiry signed by nobody
                payload + "." + otherLink.substring(otherLink.indexOf('.') + 1),
                links.token(linkId, Instant.parse("2027-04-30T10:00:00Z")).substring(0, dot) + "." + signature,
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
        assertTrue(shortKey.getMessage().contains("requests.person-links.signing-key") && shortKey.getMessage().contains("found 16"),
                shortKey.getMessage());
        assertThrows(IllegalStateException.class, () -> new PersonLinks(config("not base64 at all!"), DEADLINES));
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
