package io.privacyplatform.consent.rest;

import java.util.List;

/**
 * A subject's consents: {@code current} holds the latest answer per purpose (a purpose never answered is
 * absent, i.e. not granted); {@code history} every grant and withdrawal, oldest first.
 */
public record SubjectConsentsView(String subjectId, List<ConsentView> current, List<ConsentView> history) {
}
