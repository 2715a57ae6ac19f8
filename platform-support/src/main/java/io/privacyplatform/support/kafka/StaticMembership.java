package io.privacyplatform.support.kafka;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;

import java.util.Map;

/**
 * Makes every Kafka consumer of the service a static member of its group when {@code platform.kafka.instance-id} is
 * set: {@code group.instance.id} = instance id + "." + channel, unique per consumer since a service has several
 * channels in one group (and retention-service several groups). A restarted instance, after a clean stop or a
 * SIGKILL, rejoins under the same ids and the coordinator hands it its previous partitions without a rebalance.
 * A channel that names its own {@code group.instance.id} keeps it.
 */
@ApplicationScoped
public class StaticMembership implements ClientCustomizer<Map<String, Object>> {

    private final ConsumerGroupConfig config;

    StaticMembership(ConsumerGroupConfig config) {
        this.config = config;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> clientConfig) {
        boolean consumer = clientConfig.containsKey(ConsumerConfig.GROUP_ID_CONFIG)
                && clientConfig.containsKey(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        if (consumer && config.instanceId().isPresent()) {
            clientConfig.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceIdOf(config.instanceId().get(), channel));
        }
        return clientConfig;
    }

    /** The static member id of one channel's consumer. */
    static String instanceIdOf(String instance, String channel) {
        return instance.strip() + "." + channel;
    }
}
