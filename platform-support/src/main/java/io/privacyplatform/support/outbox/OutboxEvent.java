package io.privacyplatform.support.outbox;

/**
 * One event of a {@link BulkOutbox} publication.
 *
 * @param subjectId pseudonymous subject id: the record key, so a subject's events stay ordered
 */
public record OutboxEvent<T>(String subjectId, T data) {
}
