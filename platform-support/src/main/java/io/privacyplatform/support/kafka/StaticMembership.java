package io.privacyplatform.support.kafka;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes every Kafka consumer of the service a static member of its group when {@code platform.kafka.instance-id} is
 * set: {@code group.instance.id} = instance id + "." + channel, unique per consumer since a service has several
 * channels in one group (and retention-service several groups). A restarted instance, after a clean stop or a
 * SIGKILL, rejoins under the same ids and the coordinator hands it its previous partitions without a rebalance.
 * A channel that names its own {@code group.instance.id} keeps it.
 * <p>
 * A static member does not leave its group when its consumer closes. So that a clean stop for good (a rollout's old
 * pod, a scale-down) does not hold its partitions until the session timeout, {@link StaticMembersRelease} removes
 * the members recorded here once the connector has closed the consumers.
 */
@ApplicationScoped
public class StaticMembership implements ClientCustomizer<Map<String, Object>> {

    /** A static member of this process: its group, its id, and the client settings an admin client needs. */
    public record Member(String groupId, String instanceId, Map<String, Object> clientConfig) {
    }

    private final ConsumerGroupConfig config;
    private final List<Member> members = new CopyOnWriteArrayList<>();

    StaticMembership(ConsumerGroupConfig config) {
        this.config = config;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> clientConfig) {
        boolean consumer = clientConfig.containsKey(ConsumerConfig.GROUP_ID_CONFIG)
                && clientConfig.containsKey(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        if (consumer && config.instanceId().isPresent()) {
            clientConfig.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceIdOf(config.instanceId().get(), channel));
            members.add(new Member(String.valueOf(clientConfig.get(ConsumerConfig.GROUP_ID_CONFIG)),
                    String.valueOf(clientConfig.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)), Map.copyOf(clientConfig)));
        }
        return clientConfig;
    }

    /** The static members this process created, in the order of their consumers. */
    public List<Member> members() {
        return List.copyOf(members);
    }

    /** The static member id of one channel's consumer. */
    static String instanceIdOf(String instance, String channel) {
        return instance.strip() + "." + channel;
    }
}
