package io.privacyplatform.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Decodes query strings and {@code application/x-www-form-urlencoded} bodies, keeping order and repeats. */
final class FormCodec {

    private FormCodec() {
    }

    static List<Map.Entry<String, String>> decode(String encoded) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return pairs;
        }
        for (String part : encoded.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(decodeComponent(key), decodeComponent(value)));
        }
        return pairs;
    }

    /** Form decoding: {@code +} is a space. */
    static String decodeComponent(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }

    /** Path decoding: {@code +} stays a plus sign. */
    static String decodePathSegment(String s) {
        return decodeComponent(s.replace("+", "%2B"));
    }
}
