package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.TaskKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The handler of each task kind. */
@ApplicationScoped
public class TaskHandlers {

    private final Map<TaskKind, TaskHandler> byKind = new EnumMap<>(TaskKind.class);

    TaskHandlers(Instance<TaskHandler> handlers) {
        for (TaskHandler handler : handlers) {
            if (byKind.put(handler.kind(), handler) != null) {
                throw new IllegalStateException("two handlers for task kind " + handler.kind());
            }
        }
    }

    /** The handler of the kind, or null when this version has none. */
    TaskHandler of(TaskKind kind) {
        return byKind.get(kind);
    }

    /** The kinds this version runs: during a rolling upgrade, tasks of a newer kind wait for a newer instance. */
    List<String> runnable() {
        return byKind.values().stream().map(h -> h.kind().name()).toList();
    }
}
