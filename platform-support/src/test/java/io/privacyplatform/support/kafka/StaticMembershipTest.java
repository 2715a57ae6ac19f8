package io.privacyplatform.support.kafka;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class StaticMembershipTest {

    private static Map<String, Object> consumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put("group.id", group);
        config.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        return config;
    }

    @Test
    void eachConsumerOfANamedInstanceIsAStaticMemberUnderItsChannel() {
        StaticMembership membership = new StaticMembership(() -> Optional.of("retention-service-7c9d-x2k4p"));
        assertEquals("retention-service-7c9d-x2k4p.erasure-ordered",
                membership.customize("erasure-ordered", null, consumer("retention-service")).get("group.instance.id"));
        // two channels in one group, or one topic in two groups: never the same member id
        assertEquals("retention-service-7c9d-x2k4p.datastore-erasure-ordered",
                membership.customize("datastore-erasure-ordered", null, consumer("retention-service-datastores"))
                        .get("group.instance.id"));
    }

    @Test
    void producersAnUnnamedInstanceAndAnExplicitIdAreLeftAlone() {
        StaticMembership named = new StaticMembership(() -> Optional.of("consent-service"));
        Map<String, Object> producer = new HashMap<>(Map.of("value.serializer", "x", "acks", "all"));
        assertFalse(named.customize("platform-outbox", null, producer).containsKey("group.instance.id"));

        Map<String, Object> explicit = consumer("consent-service");
        explicit.put("group.instance.id", "chosen");
        assertEquals("chosen", named.customize("erasure-ordered", null, explicit).get("group.instance.id"));

        StaticMembership unnamed = new StaticMembership(Optional::empty);
        assertFalse(unnamed.customize("erasure-ordered", null, consumer("consent-service")).containsKey("group.instance.id"));
    }
}
