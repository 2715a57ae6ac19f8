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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service that crashed after committing a state change but before sending its event leaves the event in
 * the outbox, with nothing to wake the relay. The relay's timer must find it and send it. An event Kafka will never
 * take does not hold back the ones after it.
 */
@QuarkusTest
class OutboxRecoveryTest {

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Test
    void anEventCommittedButNeverSentIsRelayedAndMarked() {
        String subjectId = "usr-" + UUID.randomUUID();
        // Written as the crashed transaction left it: committed, never handed to the relay.
        UUID eventId = committedNeverSent(subjectId, filed(subjectId));

        ConsumerRecord<String, String> record = kafka.awaitRecord(Events.REQUEST_FILED.topic(),
                r -> eventId.toString().equals(KafkaTestClient.header(r, "ce_id")), Duration.ofSeconds(30));
        assertEquals(subjectId, record.key());
        assertEquals(Events.REQUEST_FILED.cloudEventType(), KafkaTestClient.header(record, "ce_type"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertNotNull(row(eventId).publishedAt));
    }

    /**
     * An event Kafka refuses for what it is (here a record over the 1 MB a record may hold) would be refused at every
     * attempt: it is set aside with why, and the events after it are sent, instead of all waiting behind it forever.
     */
    @Test
    void anEventKafkaRefusesIsSetAsideAndTheNextOnesGoOn() {
        String subjectId = "usr-" + UUID.randomUUID();
        String tooLarge = filed(subjectId).replace("\"channel\"", "\"padding\":\"" + "x".repeat(1_100_000) + "\",\"channel\"");
        UUID refused = committedNeverSent(subjectId, tooLarge);
        UUID next = committedNeverSent(subjectId, filed(subjectId));

        kafka.awaitRecord(Events.REQUEST_FILED.topic(), r -> next.toString().equals(KafkaTestClient.header(r, "ce_id")),
                Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertNotNull(row(next).publishedAt));
        OutboxMessage setAside = row(refused);
        assertNull(setAside.publishedAt);
        assertNotNull(setAside.rejectedAt);
        assertTrue(setAside.rejection.startsWith("RecordTooLargeException: a record of "), setAside.rejection);
        assertFalse(setAside.rejection.contains(subjectId), "why, never what: " + setAside.rejection);
        QuarkusTransaction.requiringNew().run(() -> OutboxMessage.delete("eventId", refused));
    }

    private static String filed(String subjectId) {
        return """
                {"requestId":"%s","subjectId":"%s","requestType":"ERASURE","channel":"PLATFORM",
                 "filedAt":"2026-01-31T10:15:30Z","dueOn":"2026-02-28"}""".formatted(UUID.randomUUID(), subjectId);
    }

    private static UUID committedNeverSent(String subjectId, String payload) {
        UUID eventId = UUID.randomUUID();
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
        return eventId;
    }

    private static OutboxMessage row(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxMessage.<OutboxMessage>find("eventId", eventId).firstResult());
    }
}
