package io.privacyplatform.request.rest;

import io.privacyplatform.contracts.request.RequestType;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /requests}. */
public record FileRequest(@NotNull RequestType type) {
}
