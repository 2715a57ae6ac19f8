package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A partner's answer, fully read: status, headers (case-insensitive, first value) and body text. */
public record PartnerResponse(int status, Map<String, String> headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PartnerResponse {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? "" : body;
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The body as JSON; a missing node when it is empty or not JSON (a proxy's HTML page, say). */
    public JsonNode json() {
        if (body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (Exception notJson) {
            return MissingNode.getInstance();
        }
    }

    public boolean is(int expected) {
        return status == expected;
    }

    /** {@code "deleted": true} in the body, as Stripe and OpenAI answer a delete. */
    public boolean saysDeleted() {
        return json().path("deleted").asBoolean(false);
    }
}
