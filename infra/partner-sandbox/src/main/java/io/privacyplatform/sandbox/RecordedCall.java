package io.privacyplatform.sandbox;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request a partner server received, with the status it answered (0 when the connection was reset).
 *
 * @param method       upper-case HTTP method
 * @param path         request path without the query string, as sent (still percent-encoded)
 * @param query        raw query string without {@code ?}, empty when there is none
 * @param headers      request headers; lookups are case-insensitive; repeated headers are joined with {@code ", "}
 * @param body         request body, empty when there is none
 * @param status       response status
 * @param responseBody response body, empty when there is none
 */
public record RecordedCall(String method, String path, String query, Map<String, String> headers, String body,
                           int status, String responseBody) {

    public RecordedCall {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
        query = query == null ? "" : query;
        body = body == null ? "" : body;
        responseBody = responseBody == null ? "" : responseBody;
    }

    /** A request header, case-insensitive; null when absent. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Path plus {@code ?query} when there is one. */
    public String url() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** The decoded query parameters (first value of each name). */
    public Map<String, String> queryParams() {
        return firstValues(FormCodec.decode(query));
    }

    /** The decoded {@code application/x-www-form-urlencoded} body (first value of each name), as Stripe reads it. */
    public Map<String, String> formParams() {
        return firstValues(FormCodec.decode(body));
    }

    private static Map<String, String> firstValues(List<Map.Entry<String, String>> pairs) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> pair : pairs) {
            out.putIfAbsent(pair.getKey(), pair.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return method + " " + url() + " -> " + status;
    }
}
