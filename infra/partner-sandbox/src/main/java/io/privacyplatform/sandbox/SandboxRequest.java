package io.privacyplatform.sandbox;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A request as the simulators see it: decoded path segments and query, case-insensitive headers, text body. */
final class SandboxRequest {

    final String method;
    /** Raw path (percent-encoded), without the query string. */
    final String path;
    /** Raw query string without '?', possibly empty. */
    final String rawQuery;
    /** Decoded path segments, without empty ones. */
    final List<String> segments;
    final Map<String, String> headers;
    final String body;
    private final Map<String, List<String>> query;

    SandboxRequest(String method, String url, Map<String, String> headers, String body) {
        this.method = method.toUpperCase(Locale.ROOT);
        int q = url.indexOf('?');
        this.path = q < 0 ? url : url.substring(0, q);
        this.rawQuery = q < 0 ? "" : url.substring(q + 1);
        List<String> segs = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (!seg.isEmpty()) {
                segs.add(FormCodec.decodePathSegment(seg));
            }
        }
        this.segments = Collections.unmodifiableList(segs);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = Collections.unmodifiableMap(h);
        this.body = body == null ? "" : body;
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : FormCodec.decode(rawQuery)) {
            params.computeIfAbsent(pair.getKey(), k -> new ArrayList<>()).add(pair.getValue());
        }
        this.query = params;
    }

    static SandboxRequest from(Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key(), String.join(", ", header.values()));
        }
        return new SandboxRequest(request.getMethod().getName(), request.getUrl(), headers, request.getBodyAsString());
    }

    String header(String name) {
        return headers.get(name);
    }

    /** First value of a query parameter, null when absent. */
    String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    java.util.Set<String> queryNames() {
        return query.keySet();
    }

    /** The token of an {@code Authorization: Bearer <token>} header, null when absent or not Bearer. */
    String bearerToken() {
        String auth = header("Authorization");
        if (auth == null) {
            return null;
        }
        auth = auth.trim();
        if (auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = auth.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    boolean is(String method, int segmentCount) {
        return this.method.equals(method) && segments.size() == segmentCount;
    }

    String segment(int index) {
        return index < segments.size() ? segments.get(index) : null;
    }

    /** True when the Content-Type header's media type is the given one (parameters ignored). */
    boolean hasContentType(String mediaType) {
        String ct = header("Content-Type");
        if (ct == null) {
            return false;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().equalsIgnoreCase(mediaType);
    }
}
