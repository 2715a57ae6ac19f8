package io.privacyplatform.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.policy.Register;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The erasure events of the contracts as the services' tests send and read them on a real broker through a
 * {@link KafkaTestClient}: {@code erasure-ordered} in, {@code erasure-confirmed} out (or in, for
 * request-service). Payloads are the contract records, written as the services write them (ISO-8601 instants),
 * published as their producers publish them (CloudEvents binary mode, keyed by the subject id).
 */
public final class ErasureEvents {

    /** The exemption request-service puts on its orders: Stripe keeps the billing records. */
    public static final Exemption STRIPE_BILLING_RECORDS = new Exemption(Systems.STRIPE, "billing-records",
            "French commercial code L123-22");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final KafkaTestClient kafka;
    private final Duration wait;

    /** @param wait how long {@link #awaitConfirmation} and {@link #settle} wait for a confirmation */
    public ErasureEvents(KafkaTestClient kafka, Duration wait) {
        this.kafka = kafka;
        this.wait = wait;
    }

    /** An order for a data-subject request, with fresh ids, Stripe keeping the billing records. */
    /** Every system an erasure order expects, from the registry (policy module, systems.yaml). */
    public static List<String> everySystem() {
        return Registry.REGISTER.expectedSystems("erase");
    }

    public static ErasureOrdered order(String subjectId, List<String> expectedSystems) {
        return order(subjectId, expectedSystems, List.of(STRIPE_BILLING_RECORDS));
    }

    /** An order for a data-subject request, with fresh ids. */
    public static ErasureOrdered order(String subjectId, List<String> expectedSystems, List<Exemption> exemptions) {
        return new ErasureOrdered(UUID.randomUUID(), UUID.randomUUID(), subjectId, ErasureReason.DATA_SUBJECT_REQUEST,
                expectedSystems, exemptions, Instant.now());
    }

    /** An order for an expired retention period: no request behind it. */
    public static ErasureOrdered retentionExpiry(String subjectId, List<String> expectedSystems) {
        return new ErasureOrdered(UUID.randomUUID(), null, subjectId, ErasureReason.RETENTION_EXPIRED,
                expectedSystems, List.of(STRIPE_BILLING_RECORDS), Instant.now());
    }

    /** The JSON of an event's data, as the services write and read it. */
    public static String json(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + data.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads the data of an {@code erasure-confirmed} record; fails the test if it is not one. */
    public static ErasureConfirmed confirmed(ConsumerRecord<String, String> record) {
        try {
            return JSON.readValue(record.value(), ErasureConfirmed.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not an erasure-confirmed payload at offset " + record.offset() + " of "
                    + record.topic() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Matches the {@code erasure-confirmed} records of an order, whichever system sent them. */
    public static Predicate<ConsumerRecord<String, String>> confirmationsOf(UUID orderId) {
        return record -> orderId.equals(confirmed(record).orderId());
    }

    /** Matches the {@code erasure-confirmed} record one system sent for an order, keyed by the order's subject. */
    public static Predicate<ConsumerRecord<String, String>> confirmationOf(ErasureOrdered order, String system) {
        return record -> {
            if (!order.subjectId().equals(record.key())) {
                return false;
            }
            ErasureConfirmed data = confirmed(record);
            return order.orderId().equals(data.orderId()) && system.equals(data.system());
        };
    }

    /** Publishes the order on {@code erasure-ordered} with a fresh event id. */
    public RecordMetadata publish(ErasureOrdered order) {
        return publish(order, UUID.randomUUID().toString());
    }

    /** Publishes the order on {@code erasure-ordered} with the given event id (to test redelivery). */
    public RecordMetadata publish(ErasureOrdered order, String eventId) {
        return kafka.sendCloudEvent(Events.ERASURE_ORDERED.topic(), order.subjectId(), eventId,
                Events.ERASURE_ORDERED.cloudEventType(), json(order));
    }

    /** Publishes the confirmation on {@code erasure-confirmed} with a fresh event id, from its system's owner. */
    public RecordMetadata publish(ErasureConfirmed confirmation) {
        return publish(confirmation, UUID.randomUUID().toString());
    }

    /**
     * Publishes the confirmation on {@code erasure-confirmed} with the given event id (to test redelivery), from its
     * system's owner ({@link #sourceOf}).
     */
    public RecordMetadata publish(ErasureConfirmed confirmation, String eventId) {
        return publish(confirmation, eventId, sourceOf(confirmation.system()));
    }

    /** Publishes the confirmation on {@code erasure-confirmed} with the given CloudEvents source (who confirms). */
    public RecordMetadata publish(ErasureConfirmed confirmation, String eventId, String source) {
        Map<String, String> headers = KafkaTestClient.cloudEventHeaders(eventId, Events.ERASURE_CONFIRMED.cloudEventType(),
                confirmation.subjectId());
        headers.put("ce_source", source);
        return kafka.send(Events.ERASURE_CONFIRMED.topic(), confirmation.subjectId(), json(confirmation), headers);
    }

    /**
     * The CloudEvents source request-service admits for a system's confirmations: {@code /<confirmedBy>} of the policy
     * module's registry (as the owner's outbox writes it), {@code /test} for a system no platform service answers for.
     */
    public static String sourceOf(String system) {
        return Registry.REGISTER.findSystem(system).map(Register.RegisteredSystem::confirmedBy)
                .map(owner -> "/" + owner).orElse("/test");
    }

    /** Loaded on first use only. */
    private static final class Registry {
        static final Register REGISTER = Register.load();
    }

    /** Waits for the confirmation one system sends for the order. */
    public ConsumerRecord<String, String> awaitConfirmation(ErasureOrdered order, String system) {
        return kafka.awaitRecord(Events.ERASURE_CONFIRMED.topic(), confirmationOf(order, system), wait);
    }

    /** How many confirmations of the order the system has sent so far: call {@link #settle} first for a final count. */
    public long confirmationsFrom(ErasureOrdered order, String system) {
        return kafka.readAll(Events.ERASURE_CONFIRMED.topic()).stream().filter(confirmationOf(order, system)).count();
    }

    /**
     * Sends one more order for the subject, expecting only that system, and waits for its confirmation. The
     * subject's records share a partition and the outbox relays in commit order, so everything sent before has been
     * handled and relayed by then: a count taken afterwards is final.
     */
    public void settle(String subjectId, String system) {
        ErasureOrdered marker = order(subjectId, List.of(system));
        publish(marker);
        awaitConfirmation(marker, system);
    }
}
