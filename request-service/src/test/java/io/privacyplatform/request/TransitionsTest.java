package io.privacyplatform.request;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.privacyplatform.request.Api.ERASURE;
import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.view;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every step of a request is announced once, with its audit entry: the hook later features (notifications) observe. */
@QuarkusTest
class TransitionsTest {

    @Inject
    Observed observed;

    @Test
    void eachStepIsAnnouncedOnceWithTheStatusBeforeAndAfter() {
        String subjectId = "usr-" + UUID.randomUUID();
        UUID id = UUID.fromString(file(subjectId, ERASURE));
        approve(id.toString()).statusCode(200);
        officer().body("{\"months\":1,\"reason\":\"Three partners to reach.\"}").post("/requests/{id}/extend", id)
                .then().statusCode(200);

        List<String> steps = observed.of(id).stream().map(t -> t.kind() + ":" + t.from() + "->" + t.to()).toList();
        assertEquals(List.of("FILED:null->FILED", "APPROVED:FILED->IN_PROGRESS", "EXTENDED:IN_PROGRESS->IN_PROGRESS"), steps);
        assertEquals(view(id.toString()).extract().jsonPath().getList("history.kind"),
                observed.of(id).stream().map(t -> t.kind().name()).toList());
        assertEquals(subjectId, observed.of(id).get(0).subjectId());
    }

    @ApplicationScoped
    static class Observed {

        private final List<Transition> transitions = new CopyOnWriteArrayList<>();

        void on(@Observes Transition transition) {
            transitions.add(transition);
        }

        List<Transition> of(UUID requestId) {
            return transitions.stream().filter(t -> t.requestId().equals(requestId)).toList();
        }
    }
}
