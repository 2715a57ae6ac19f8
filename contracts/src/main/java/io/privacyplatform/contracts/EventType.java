package io.privacyplatform.contracts;

import java.util.Objects;

/**
 * One kind of event: the topic it travels on, its CloudEvents {@code type} (which carries the schema
 * version) and the record its JSON data binds to. Producers and consumers both refer to these constants,
 * so a topic or type can never be spelled two ways.
 */
public record EventType<T>(String topic, String cloudEventType, int schemaVersion, Class<T> dataClass) {

    public EventType {
        Objects.requireNonNull(topic);
        Objects.requireNonNull(cloudEventType);
        Objects.requireNonNull(dataClass);
    }
}
