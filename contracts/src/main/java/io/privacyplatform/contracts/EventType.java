package io.privacyplatform.contracts;

import java.util.List;
import java.util.Objects;

/**
 * One kind of event: the topic it travels on, its CloudEvents {@code type} (which carries the schema
 * version) and the record its JSON data binds to. Producers and consumers both refer to these constants,
 * so a topic or type can never be spelled two ways.
 * <p>
 * {@code producers}: the services that may publish it (CloudEvents {@code source} {@code /<service>}); a consumer
 * refuses the same type from anyone else, so a forged record is dead-lettered even if a Kafka ACL let it through.
 * Empty for the confirmations, which any system's owner publishes and the receiving gate checks against the
 * registry's {@code confirmedBy}.
 */
public record EventType<T>(String topic, String cloudEventType, int schemaVersion, Class<T> dataClass,
                           List<String> producers) {

    public EventType {
        Objects.requireNonNull(topic);
        Objects.requireNonNull(cloudEventType);
        Objects.requireNonNull(dataClass);
        producers = List.copyOf(producers);
    }

    /** The CloudEvents source {@code /<service>} of a producing service. */
    public static String sourceOf(String service) {
        return "/" + service;
    }

    /** Whether a record with this CloudEvents source may carry this type. */
    public boolean mayComeFrom(String source) {
        return producers.isEmpty() || producers.stream().anyMatch(p -> sourceOf(p).equals(source));
    }
}
