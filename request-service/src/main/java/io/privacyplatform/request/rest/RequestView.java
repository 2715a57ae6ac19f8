package io.privacyplatform.request.rest;

import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.RequestTransition;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

public record RequestView(UUID id, String subjectId, RequestType type, RequestChannel channel, RequestStatus status,
                          Instant filedAt, LocalDate dueOn, Instant closedAt, List<Transition> history) {

    public record Transition(RequestStatus from, RequestStatus to, String actor, Instant at, String note) {
    }

    static RequestView of(DataSubjectRequest request) {
        List<Transition> history = RequestTransition.of(request.id).stream()
                .map(t -> new Transition(t.fromStatus, t.toStatus, t.actor, t.at, t.note))
                .toList();
        return new RequestView(request.id, request.subjectId, request.type, request.channel, request.status,
                request.filedAt, request.dueOn, request.closedAt, history);
    }
}
