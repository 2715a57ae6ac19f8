package io.privacyplatform.support.inbox;

import java.time.Instant;

/** An accepted event: its CloudEvents attributes and its data bound to the contract record. */
public record IncomingEvent<T>(String id, String type, String source, String subjectId, Instant time, T data) {
}
