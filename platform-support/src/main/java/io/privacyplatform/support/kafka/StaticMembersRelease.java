package io.privacyplatform.support.kafka;

import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.KafkaFuture;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * On a clean stop, removes this process's static members from their groups once the Kafka connector has closed the
 * consumers (its own observer runs at priority 50, this one after it). The group then rebalances at once and the
 * partitions go to the instances still running, or to the next one to join, with a new name (a rollout's new pod)
 * or the same. Without it a static member's partitions wait for the session timeout (45 s) after a stop for good.
 * A SIGKILL skips this: the instance that comes back under the same name takes its members over at once.
 * A failure here only costs that wait: it is logged, never thrown.
 */
@ApplicationScoped
public class StaticMembersRelease {

    private static final long TIMEOUT_SECONDS = 5;

    private final StaticMembership membership;

    StaticMembersRelease(StaticMembership membership) {
        this.membership = membership;
    }

    void release(@Observes @Priority(60) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        List<StaticMembership.Member> members = membership.members();
        if (members.isEmpty()) {
            return;
        }
        Map<String, List<StaticMembership.Member>> byGroup = members.stream()
                .collect(Collectors.groupingBy(StaticMembership.Member::groupId, LinkedHashMap::new, Collectors.toList()));
        try (Admin admin = Admin.create(adminConfig(members.get(0).clientConfig()))) {
            // Every group at once, within one deadline: a broker out of reach costs the stop 5 s, not 5 s a group.
            Map<String, KafkaFuture<Void>> removals = new LinkedHashMap<>();
            byGroup.forEach((group, groupMembers) -> removals.put(group, admin.removeMembersFromConsumerGroup(group,
                    new RemoveMembersFromConsumerGroupOptions(groupMembers.stream()
                            .map(member -> new MemberToRemove(member.instanceId())).toList())).all()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            for (Map.Entry<String, KafkaFuture<Void>> removal : removals.entrySet()) {
                try {
                    removal.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    Log.infof("Left consumer group %s (%d static member(s))", removal.getKey(),
                            byGroup.get(removal.getKey()).size());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    // e.g. UNKNOWN_MEMBER_ID: already gone. The partitions then wait for the session timeout at most.
                    Log.warnf("Could not leave consumer group %s: %s", removal.getKey(), SafeLog.describe(e));
                }
            }
        } catch (RuntimeException e) {
            Log.warnf("Could not leave the consumer groups: %s", SafeLog.describe(e));
        }
    }

    /** The consumers' connection and security settings, nothing of the consumer itself. */
    static Map<String, Object> adminConfig(Map<String, Object> consumerConfig) {
        Map<String, Object> admin = new HashMap<>();
        consumerConfig.forEach((key, value) -> {
            if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                    || key.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                    || key.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)
                    || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                admin.put(key, value);
            }
        });
        admin.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        admin.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        admin.put(CommonClientConfigs.CLIENT_ID_CONFIG, "static-members-release");
        return admin;
    }
}
