package io.privacyplatform.contracts;

import java.util.Objects;

/**
 * One HTTP answer a platform service serves to another: who produces it, the request that returns it, its schema
 * version and the record its JSON binds to. The version is not on the wire (no header, no media type): an
 * incompatible change needs a new path (or a new media type) and a new version here, not an edit.
 *
 * @param name     short name, also the folder of its golden samples ({@code compat/http/<name>/v<N>.json})
 * @param producer the service that serves it (and owns the record)
 * @param request  method and path, e.g. {@code GET /subjects/{subjectId}/export}
 */
public record HttpContract<T>(String name, String producer, String request, int version, Class<T> bodyClass) {

    public HttpContract {
        Objects.requireNonNull(name);
        Objects.requireNonNull(producer);
        Objects.requireNonNull(request);
        Objects.requireNonNull(bodyClass);
    }
}
