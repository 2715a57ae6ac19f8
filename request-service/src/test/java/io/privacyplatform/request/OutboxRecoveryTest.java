package io.privacyplatform.request;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.support.outbox.OutboxMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A service that crashed after committing a state change but before sending its event leaves the event in
 * the outbox, with nothing to wake the relay. The relay's timer must find it and send it.
 */
@QuarkusTest
class OutboxRecoveryTest {

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Test
    void anEventCommittedButNeverSentIsRelayedAndMarked() {
        String subjectId = "usr-" + UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String payload = """
                {"requestId":"%s","subjectId":"%s","requestType":"ERASURE","channel":"PLATFORM",
                 "filedAt":"2026-01-31T10:15:30Z","dueOn":"2026-02-28"}""".formatted(UUID.randomUUID(), subjectId);
        // Written as the crashed transaction left it: committed, never handed to the relay.
        QuarkusTransaction.requiringNew().run(() -> {
            OutboxMessage row = new OutboxMessage();
            row.eventId = eventId;
            row.topic = Events.REQUEST_FILED.topic();
            row.recordKey = subjectId;
            row.eventType = Events.REQUEST_FILED.cloudEventType();
            row.eventSource = "/request-service";
            row.occurredAt = Instant.now();
            row.payload = payload;
            row.persist();
        });

        ConsumerRecord<String, String> record = kafka.awaitRecord(Events.REQUEST_FILED.topic(),
                r -> eventId.toString().equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(30));
        assertEquals(subjectId, record.key());
        assertEquals(Events.REQUEST_FILED.cloudEventType(), KafkaTestClient.header(record, "ce_type"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertNotNull(QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.<OutboxMessage>find("eventId", eventId).firstResult().publishedAt)));
    }
}
