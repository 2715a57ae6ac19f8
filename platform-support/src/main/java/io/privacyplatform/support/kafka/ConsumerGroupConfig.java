package io.privacyplatform.support.kafka;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** How this process's Kafka consumers take part in their consumer groups (README, "Consumer groups and restarts"). */
@ConfigMapping(prefix = "platform.kafka")
public interface ConsumerGroupConfig {

    /**
     * The name of this instance, stable across its restarts and unique among the running instances of the service
     * (the pod's name on Kubernetes, the service's name in the local run). Set, every consumer is a static member of
     * its group ({@code group.instance.id} = this name, a dot, the channel): a restarted instance takes its partitions
     * back at once instead of waiting for a rebalance. Unset (the default, and the services' {@code @QuarkusTest}s),
     * consumers are dynamic members.
     */
    Optional<String> instanceId();
}
