package io.privacyplatform.support.inbox;

import io.privacyplatform.support.retry.ServiceStoppingException;
import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.function.BiConsumer;

/**
 * The failure strategy of every incoming channel ({@value #NAME}): the connector's dead-letter queue, except for a
 * record given up because the service is stopping ({@link ServiceStoppingException}), which is neither dead-lettered
 * nor acknowledged: its offset is not committed, and the next instance gets it again.
 */
@ApplicationScoped
@Identifier(PlatformFailureStrategy.NAME)
@Unremovable
public class PlatformFailureStrategy implements KafkaFailureHandler.Factory {

    public static final String NAME = "platform-dead-letter-queue";

    private final KafkaFailureHandler.Factory deadLetterQueue;

    PlatformFailureStrategy(@Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE) KafkaFailureHandler.Factory deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
                                      BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler deadLetters = deadLetterQueue.create(config, vertx, consumer, reportFailure);
        String channel = config.getChannel();
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                if (ServiceStoppingException.among(reason)) {
                    Log.infof("%s-%d offset %d left unacknowledged on %s: the service is stopping", record.getTopic(),
                            record.getPartition(), record.getOffset(), channel);
                    return Uni.createFrom().voidItem();
                }
                return deadLetters.handle(record, reason, metadata);
            }

            @Override
            public void terminate() {
                deadLetters.terminate();
            }
        };
    }
}
