package io.privacyplatform.retention.rest;

import io.privacyplatform.support.subject.SubjectId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Body of {@code POST /connection-logs}: up to 1000 connections. */
public record IngestConnectionLogs(@NotEmpty @Size(max = 1000) List<@Valid @NotNull Entry> entries) {

    /**
     * @param ip   IPv4 or IPv6 literal; stored encrypted
     * @param kind what the connection was, e.g. {@code login}, {@code api-call}, {@code page-view}
     */
    public record Entry(@SubjectId String subjectId, @NotBlank @Size(max = 45) String ip, @NotNull Instant at,
                        @NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}") String kind) {
    }
}
