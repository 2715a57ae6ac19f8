package io.privacyplatform.partnersync.support;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.order.OrderConfirmed;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.PartnerSandbox;
import io.privacyplatform.sandbox.RecordedCall;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Helpers of the erasure tests: seeding, registering processor records; orders and confirmations go through
 * the shared {@link KafkaTestClient} and {@link ErasureEvents}.
 */
public abstract class ErasureTestBase {

    protected static final String ERASURE_ORDERED = Events.ERASURE_ORDERED.topic();
    protected static final String ERASURE_CONFIRMED = Events.ERASURE_CONFIRMED.topic();
    protected static final String ORDER_CONFIRMED = Events.ORDER_CONFIRMED.topic();
    protected static final String DEAD_LETTERS = Events.deadLetterTopic("partner-sync-service");

    /** The partners partner-sync has connectors for. */
    protected static final List<String> PARTNERS = List.of(Systems.STRIPE, Systems.HUBSPOT, Systems.OPENAI);

    /** An erasure's expected systems as the registry gives them (policy, systems.yaml). */
    protected static final List<String> ERASURE_SYSTEMS = List.of(Systems.CONSENT, Systems.RETENTION, Systems.STRIPE,
            Systems.HUBSPOT, Systems.OPENAI, "account-database");

    /** Partner calls are retried with backoff: a confirmation can take a while. */
    protected static final Duration WAIT = Duration.ofSeconds(60);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    @InjectPartnerSandbox
    protected PartnerSandbox sandbox;

    @InjectPartnerSandbox
    protected PartnerProxies proxies;

    @RegisterExtension
    protected static final KafkaClientExtension kafka = new KafkaClientExtension();
    protected ErasureEvents erasures;

    @BeforeEach
    void openKafka() {
        erasures = new ErasureEvents(kafka, WAIT);
    }

    /** A fresh suffix so that each test has its own subjects and partner objects in the shared sandbox. */
    protected static String unique() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    protected static String uniqueDigits() {
        return String.valueOf(100_000_000L + Math.floorMod(RANDOM.nextLong(), 899_999_999L));
    }

    /**
     * HubSpot contacts of the subject (registered, seeded in the sandbox) whose first call reaches the sandbox (and
     * takes effect there) but is answered {@code delay} later.
     */
    protected List<String> slowHubSpotContacts(String subjectId, int count, Duration delay) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String contact = uniqueDigits();
            ids.add(contact);
            sandbox.seedHubSpotContact(contact, "slow" + i + "." + unique() + "@example.com");
            register(subjectId, Systems.HUBSPOT, "contact", contact, "crm-marketing");
            proxies.failNext(Partner.HUBSPOT, contact, 1, aResponse()
                    .proxiedFrom(sandbox.rootUrl(Partner.HUBSPOT)).withFixedDelay((int) delay.toMillis()));
        }
        return ids;
    }

    /** OpenAI responses of the subject, seeded in the sandbox and registered. */
    protected List<String> openAiResponses(String subjectId, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "resp_" + unique();
            ids.add(id);
            sandbox.seedOpenAiObject("response", id);
            register(subjectId, Systems.OPENAI, "response", id, "ai-assistant");
        }
        return ids;
    }

    protected static String register(String subjectId, String partner, String objectType, String objectId, String purpose) {
        return given().auth().oauth2(TestTokens.processorRecordRecorder())
                .contentType(ContentType.JSON)
                .body(Map.of("subjectId", subjectId, "partner", partner, "objectType", objectType,
                        "objectId", objectId, "purpose", purpose))
                .post("/processor-records")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** The confirmations of one order on Kafka, once there are {@code expected} of them (and no more). */
    protected List<ConsumerRecord<String, String>> awaitConfirmationRecords(UUID orderId, int expected) {
        List<ConsumerRecord<String, String>> found = kafka.awaitRecords(ERASURE_CONFIRMED,
                ErasureEvents.confirmationsOf(orderId), expected, WAIT);
        assertEquals(expected, found.size(), "erasure-confirmed records of order " + orderId);
        return found;
    }

    /** The confirmations of one order on Kafka now. */
    protected List<ConsumerRecord<String, String>> confirmationRecords(UUID orderId) {
        return kafka.readAll(ERASURE_CONFIRMED).stream().filter(ErasureEvents.confirmationsOf(orderId)).toList();
    }

    protected List<ErasureConfirmed> awaitConfirmations(UUID orderId, int expected) {
        return awaitConfirmationRecords(orderId, expected).stream().map(ErasureEvents::confirmed).toList();
    }

    /** Reads the data of an {@code order-confirmed} record; fails the test if it is not one. */
    protected static OrderConfirmed orderConfirmed(ConsumerRecord<String, String> record) {
        try {
            return JSON.readValue(record.value(), OrderConfirmed.class);
        } catch (java.io.IOException e) {
            throw new AssertionError("not an order-confirmed payload at offset " + record.offset(), e);
        }
    }

    /** The {@code order-confirmed} records of one order on Kafka, once there are {@code expected} of them. */
    protected List<ConsumerRecord<String, String>> awaitOrderConfirmationRecords(UUID orderId, int expected) {
        List<ConsumerRecord<String, String>> found = kafka.awaitRecords(ORDER_CONFIRMED,
                r -> orderId.equals(orderConfirmed(r).orderId()), expected, WAIT);
        assertEquals(expected, found.size(), "order-confirmed records of order " + orderId);
        return found;
    }

    protected List<OrderConfirmed> awaitOrderConfirmations(UUID orderId, int expected) {
        return awaitOrderConfirmationRecords(orderId, expected).stream().map(ErasureTestBase::orderConfirmed).toList();
    }

    /** The {@code order-confirmed} of one order on Kafka now. */
    protected List<OrderConfirmed> orderConfirmations(UUID orderId) {
        return kafka.readAll(ORDER_CONFIRMED).stream().map(ErasureTestBase::orderConfirmed)
                .filter(c -> orderId.equals(c.orderId())).toList();
    }

    /** The latest confirmation from {@code system} among {@code confirmations}. */
    protected static OrderConfirmed from(List<OrderConfirmed> confirmations, String system) {
        return confirmations.stream().filter(c -> c.system().equals(system)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no confirmation from " + system + " in " + confirmations));
    }

    /** None of {@code values} (case ignored) in the records or headers of {@code topics}. */
    protected void assertNothingOnKafkaAbout(List<String> topics, String... values) {
        for (String topic : topics) {
            for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
                String text = (record.value() + KafkaTestClient.headersAsText(record)).toLowerCase();
                for (String value : values) {
                    assertFalse(text.contains(value.toLowerCase()), "a value on " + topic);
                }
            }
        }
    }

    /** The task of that partner object (the only one with that object id in the test). */
    protected static PartnerTask task(String objectId) {
        return QuarkusTransaction.requiringNew().call(() -> PartnerTask.<PartnerTask>find("objectId", objectId).singleResult());
    }

    protected static List<PartnerTask> tasks(String objectId) {
        return QuarkusTransaction.requiringNew().call(() -> PartnerTask.<PartnerTask>list("objectId = ?1 order by createdAt", objectId));
    }

    /** Waits until the task of that object is in {@code state}, and returns it. */
    protected static PartnerTask awaitTask(String objectId, TaskState state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> tasks(objectId).stream().anyMatch(t -> t.state == state));
        return tasks(objectId).stream().filter(t -> t.state == state).findFirst().orElseThrow();
    }

    protected List<RecordedCall> callsAbout(Partner partner, String objectId) {
        return sandbox.calls(partner).stream()
                .filter(c -> c.path().contains(objectId) || c.body().contains("\"" + objectId + "\""))
                .toList();
    }

    protected static List<String> describe(List<RecordedCall> calls) {
        return calls.stream().map(c -> c.method() + " " + c.path()).toList();
    }

    protected static ErasureConfirmed of(List<ErasureConfirmed> confirmations, String system) {
        return confirmations.stream().filter(c -> c.system().equals(system)).findFirst()
                .orElseThrow(() -> new AssertionError("no confirmation from " + system + " in " + confirmations));
    }
}
