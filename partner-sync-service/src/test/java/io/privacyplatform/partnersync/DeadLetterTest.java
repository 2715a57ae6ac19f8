package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DeadLetterTest extends ErasureTestBase {

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheNextRecordIsStillProcessed() {
        String subject = "usr_" + unique();
        String type = Events.ERASURE_ORDERED.cloudEventType();

        String badJsonId = UUID.randomUUID().toString();
        kafka.sendCloudEvent(ERASURE_ORDERED, subject, badJsonId, type, "{\"orderId\": not json");

        Map<String, String> noId = KafkaTestClient.cloudEventHeaders("unused", type, subject);
        noId.remove("ce_id");
        ErasureOrdered unidentified = ErasureEvents.order(subject, List.of(Systems.STRIPE), List.of());
        kafka.send(ERASURE_ORDERED, subject, ErasureEvents.json(unidentified), noId);

        ErasureOrdered invalid = new ErasureOrdered(UUID.randomUUID(), null, subject, null, List.of(), List.of(), null);
        kafka.sendCloudEvent(ERASURE_ORDERED, subject, type, ErasureEvents.json(invalid));

        // Same key, so same partition: it comes after the poison records.
        ErasureOrdered good = ErasureEvents.order(subject, List.of(Systems.STRIPE), List.of());
        erasures.publish(good);

        ErasureConfirmed confirmed = awaitConfirmations(good.orderId(), 1).get(0);
        assertEquals(ErasureOutcome.NOTHING_HELD, confirmed.outcome());

        List<ConsumerRecord<String, String>> deadLetters = kafka.awaitRecords(DEAD_LETTERS, r -> subject.equals(r.key()), 3,
                Duration.ofSeconds(30));
        assertEquals(3, deadLetters.size());
        assertTrue(deadLetters.get(0).value().startsWith("{\"orderId\": not json"), "the record is kept as it was");
        assertEquals(badJsonId, KafkaTestClient.header(deadLetters.get(0), "ce_id"));
        assertReason(deadLetters.get(0), "does not bind");
        assertReason(deadLetters.get(1), "missing CloudEvents header ce_id");
        assertReason(deadLetters.get(2), "invalid data");
        // Nothing of the unidentified order was planned.
        assertEquals(List.of(), confirmationRecords(unidentified.orderId()));
    }

    private static void assertReason(ConsumerRecord<String, String> record, String expected) {
        String reason = KafkaTestClient.header(record, "dead-letter-reason");
        assertNotNull(reason, "dead-letter-reason header");
        assertTrue(reason.contains(expected), reason);
    }
}
