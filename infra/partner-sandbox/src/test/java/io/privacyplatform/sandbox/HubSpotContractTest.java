package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Http.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubSpotContractTest {

    static PartnerSandbox sandbox;
    static String base;

    @BeforeAll
    static void start() {
        sandbox = PartnerSandbox.start();
        base = sandbox.hubspotBaseUrl();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        sandbox.seedHubSpotContact("101", Map.of("email", "ada@example.com", "firstname", "Ada",
                "phone", "+33600000000"));
        sandbox.seedHubSpotContact("102", "bob@example.com");
    }

    static String searchByEmail(String email) {
        return "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"EQ\",\"value\":\""
                + email + "\"}]}],\"properties\":[\"email\",\"firstname\",\"lastname\",\"phone\"],\"limit\":100}";
    }

    @Test
    void requiresBearerAuthWithHubSpotErrorShape() {
        Http.Response r = Http.get(base + "/crm/v3/objects/contacts/101");
        assertEquals(401, r.status());
        assertEquals("error", r.json().get("status"));
        assertEquals("INVALID_AUTHENTICATION", r.json().get("category"));
        assertTrue(r.json().containsKey("correlationId"));
    }

    @Test
    void searchFindsContactByEmailEq() {
        Http.Response r = Http.postJson(base + "/crm/v3/objects/contacts/search", searchByEmail("ADA@example.com"),
                "Authorization", TOKEN);
        assertEquals(200, r.status(), r.body());
        assertEquals(1, ((Number) r.json().get("total")).intValue());
        Map<String, Object> contact = r.list("results").get(0);
        assertEquals("101", contact.get("id"));
        assertEquals(false, contact.get("archived"));
        Map<?, ?> props = (Map<?, ?>) contact.get("properties");
        assertEquals("ada@example.com", props.get("email"));
        assertEquals("Ada", props.get("firstname"));
        assertTrue(props.containsKey("lastname") && props.get("lastname") == null, "requested but unset: null");
        assertNull(r.header("X-HubSpot-RateLimit-Max"), "search sends no rate-limit headers");

        Http.Response none = Http.postJson(base + "/crm/v3/objects/contacts/search",
                searchByEmail("nobody@example.com"), "Authorization", TOKEN);
        assertEquals(0, ((Number) none.json().get("total")).intValue());
        assertTrue(none.list("results").isEmpty());
    }

    @Test
    void searchRequiresJsonContentType() {
        Http.Response r = Http.send("POST", base + "/crm/v3/objects/contacts/search", searchByEmail("a@b"),
                "Authorization", TOKEN, "Content-Type", "text/plain");
        assertEquals(415, r.status());
    }

    @Test
    void readByIdOrByEmailIdPropertyAndPatch() {
        Http.Response byEmail = Http.get(base + "/crm/v3/objects/contacts/ada@example.com?idProperty=email",
                "Authorization", TOKEN);
        assertEquals(200, byEmail.status());
        assertEquals("101", byEmail.json().get("id"));
        assertEquals("190", byEmail.header("X-HubSpot-RateLimit-Max"));
        assertEquals("10000", byEmail.header("X-HubSpot-RateLimit-Interval-Milliseconds"));

        Http.Response patched = Http.patchJson(base + "/crm/v3/objects/contacts/101",
                "{\"properties\":{\"firstname\":\"Augusta\",\"phone\":\"\"}}", "Authorization", TOKEN);
        assertEquals(200, patched.status(), patched.body());
        Map<?, ?> props = (Map<?, ?>) patched.json().get("properties");
        assertEquals("Augusta", props.get("firstname"));
        assertFalse(props.containsKey("phone") && props.get("phone") != null, "empty value clears");

        Http.Response read = Http.get(base + "/crm/v3/objects/contacts/101?properties=firstname,phone",
                "Authorization", TOKEN);
        assertEquals("Augusta", ((Map<?, ?>) read.json().get("properties")).get("firstname"));
        assertNull(((Map<?, ?>) read.json().get("properties")).get("phone"));

        Http.Response bad = Http.patchJson(base + "/crm/v3/objects/contacts/101",
                "{\"properties\":{\"shoe_size\":\"42\"}}", "Authorization", TOKEN);
        assertEquals(400, bad.status());
        assertEquals("VALIDATION_ERROR", bad.json().get("category"));

        Http.Response otherContact = Http.postJson(base + "/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"other.patch@example.com\"}}", "Authorization", TOKEN);
        assertEquals(201, otherContact.status(), otherContact.body());
        Http.Response taken = Http.patchJson(base + "/crm/v3/objects/contacts/101",
                "{\"properties\":{\"email\":\"OTHER.patch@example.com\",\"firstname\":\"Ada\"}}", "Authorization", TOKEN);
        assertEquals(409, taken.status(), taken.body());
        assertEquals("CONFLICT", taken.json().get("category"));
        assertEquals("Augusta", ((Map<?, ?>) Http.get(base + "/crm/v3/objects/contacts/101?properties=firstname",
                "Authorization", TOKEN).json().get("properties")).get("firstname"), "nothing applied on a conflict");

        assertEquals(404, Http.patchJson(base + "/crm/v3/objects/contacts/999",
                "{\"properties\":{\"firstname\":\"x\"}}", "Authorization", TOKEN).status());
    }

    @Test
    void gdprDeleteIsPermanentAndRepeatIs404() {
        Http.Response r = Http.postJson(base + "/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"101\"}",
                "Authorization", TOKEN);
        assertEquals(204, r.status());
        assertEquals("", r.body());

        assertEquals(404, Http.get(base + "/crm/v3/objects/contacts/101", "Authorization", TOKEN).status());
        assertEquals(404, Http.get(base + "/crm/v3/objects/contacts/101?archived=true", "Authorization", TOKEN)
                .status(), "not restorable");
        Http.Response search = Http.postJson(base + "/crm/v3/objects/contacts/search",
                searchByEmail("ada@example.com"), "Authorization", TOKEN);
        assertEquals(0, ((Number) search.json().get("total")).intValue());
        assertTrue(sandbox.hubSpotGdprBlocklisted("ada@example.com"));

        Http.Response repeat = Http.postJson(base + "/crm/v3/objects/contacts/gdpr-delete",
                "{\"objectId\":\"101\"}", "Authorization", TOKEN);
        assertEquals(404, repeat.status());
        assertEquals("OBJECT_NOT_FOUND", repeat.json().get("category"));
    }

    @Test
    void gdprDeleteByEmailIdProperty() {
        Http.Response r = Http.postJson(base + "/crm/v3/objects/contacts/gdpr-delete",
                "{\"objectId\":\"bob@example.com\",\"idProperty\":\"email\"}", "Authorization", TOKEN);
        assertEquals(204, r.status());
        assertEquals(404, Http.get(base + "/crm/v3/objects/contacts/102", "Authorization", TOKEN).status());
        assertEquals(200, Http.get(base + "/crm/v3/objects/contacts/101", "Authorization", TOKEN).status());
    }

    @Test
    void plainDeleteOnlyArchivesWhichIsNotAnErasure() {
        assertEquals(204, Http.delete(base + "/crm/v3/objects/contacts/101", "Authorization", TOKEN).status());

        assertEquals(404, Http.get(base + "/crm/v3/objects/contacts/101", "Authorization", TOKEN).status());
        Http.Response archived = Http.get(base + "/crm/v3/objects/contacts/101?archived=true", "Authorization",
                TOKEN);
        assertEquals(200, archived.status());
        assertEquals(true, archived.json().get("archived"));
        assertEquals("ada@example.com", ((Map<?, ?>) archived.json().get("properties")).get("email"),
                "the personal data is still there");
        assertFalse(sandbox.hubSpotGdprBlocklisted("ada@example.com"));

        // the archived contact can still be GDPR-deleted
        assertEquals(204, Http.postJson(base + "/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"101\"}",
                "Authorization", TOKEN).status());
        assertEquals(404, Http.get(base + "/crm/v3/objects/contacts/101?archived=true", "Authorization", TOKEN)
                .status());
    }

    @Test
    void dateVersionedPathsAreServedToo() {
        Http.Response r = Http.get(base + "/crm/objects/2026-03/contacts/101", "Authorization", TOKEN);
        assertEquals(200, r.status());
        assertEquals(204, Http.postJson(base + "/crm/objects/2026-03/contacts/gdpr-delete",
                "{\"objectId\":\"101\"}", "Authorization", TOKEN).status());
    }

    @Test
    void unsubscribeAllFromEmail() {
        String url = base + "/communication-preferences/v4/statuses/ada@example.com/unsubscribe-all?channel=EMAIL";
        Http.Response r = Http.send("POST", url, null, "Authorization", TOKEN);
        assertEquals(200, r.status(), r.body());
        assertTrue(List.of("PENDING", "PROCESSING", "COMPLETE", "CANCELED").contains(r.json().get("status")));
        for (Map<String, Object> result : r.list("results")) {
            assertEquals("NOT_SUBSCRIBED", result.get("status"));
        }
        assertTrue(sandbox.hubSpotUnsubscribedFromAll("ADA@example.com"));
        assertFalse(sandbox.hubSpotUnsubscribedFromAll("bob@example.com"));

        Http.Response noChannel = Http.send("POST",
                base + "/communication-preferences/v4/statuses/bob@example.com/unsubscribe-all", null,
                "Authorization", TOKEN);
        assertEquals(400, noChannel.status());
        assertFalse(sandbox.hubSpotUnsubscribedFromAll("bob@example.com"));

        RecordedCall call = sandbox.calls(Partner.HUBSPOT).get(0);
        assertEquals("EMAIL", call.queryParams().get("channel"));
    }
}
