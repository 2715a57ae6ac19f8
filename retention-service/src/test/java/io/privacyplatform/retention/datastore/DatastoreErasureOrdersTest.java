package io.privacyplatform.retention.datastore;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.retention.service.DatastoreErasure;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.privacyplatform.retention.datastore.AccountRows.count;
import static io.privacyplatform.retention.datastore.AccountRows.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * erasure-ordered in, the account database erased, erasure-confirmed out: through the real broker, the service's
 * database and the example account database (a second database of the test PostgreSQL).
 */
@QuarkusTest
@TestProfile(WithAccountDatabase.class)
class DatastoreErasureOrdersTest {

    private static final String STORE = AccountDatabaseResource.NAME;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    private final Datastores datastores;
    private ErasureEvents erasures;
    private String subject;

    DatastoreErasureOrdersTest(Datastores datastores) {
        this.datastores = datastores;
    }

    @BeforeEach
    void setUp() throws SQLException {
        erasures = new ErasureEvents(kafka, WAIT);
        subject = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);
    }

    @Test
    void anOrderNamingTheDatastoreErasesTheSubjectAndConfirmsWithEvidenceAndTheRetainedInvoices() throws Exception {
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.RETENTION, STORE));
        erasures.publish(order);

        ConsumerRecord<String, String> record = erasures.awaitConfirmation(order, STORE);
        ErasureConfirmed confirmed = ErasureEvents.confirmed(record);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, confirmed.outcome());
        assertEquals(order.requestId(), confirmed.requestId());
        assertEquals("1 rows", evidenceOf(confirmed, "accounts").objectId());
        assertEquals("1 rows", evidenceOf(confirmed, "profiles").objectId());
        assertEquals("4 rows", evidenceOf(confirmed, "order_lines").objectId());
        for (Evidence evidence : confirmed.evidence()) {
            if (!evidence.objectType().equals("privacy_erasure_log")) {
                assertEquals("re-count: 0 rows not erased", evidence.verification(), evidence.toString());
            }
        }
        assertEquals(order.orderId().toString(), evidenceOf(confirmed, "privacy_erasure_log").objectId());
        Exemption invoices = confirmed.retained().stream().filter(e -> e.dataCategory().equals("orders.invoice_number"))
                .findFirst().orElseThrow(() -> new AssertionError(confirmed.retained().toString()));
        assertEquals(STORE, invoices.system());
        assertTrue(invoices.legalBasis().contains("L123-22"), invoices.legalBasis());
        assertTrue(invoices.legalBasis().contains("2 rows kept"), invoices.legalBasis());

        // Erased in the datastore: rows gone, email hashed, invoices kept.
        assertEquals(0, count(subject, "join profiles t on t.account_id = a.id"));
        assertEquals(List.of(AccountRows.hmac(AccountRows.email(subject))),
                query("select email from accounts where subject_id = ?", subject));
        assertEquals(2, count(subject, "join orders t on t.account_id = a.id"));
        // Retention's own confirmation goes its own way (its own consumer group).
        erasures.awaitConfirmation(order, Systems.RETENTION);

        String everything = record.value() + KafkaTestClient.headersAsText(record);
        for (String personal : List.of(AccountRows.email(subject), "Jeanne", "Moreau", "Lyon", "198.51.100.7")) {
            assertFalse(everything.contains(personal), "personal data on Kafka: " + personal);
        }
    }

    @Test
    void anOrderNotNamingTheDatastoreLeavesItAlone() throws Exception {
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.RETENTION, Systems.CONSENT));
        String eventId = UUID.randomUUID().toString();
        erasures.publish(order, eventId);

        await().atMost(WAIT).until(() -> processed(eventId));
        assertEquals(1, count(subject, "join profiles t on t.account_id = a.id"));
        assertEquals(List.of(AccountRows.email(subject)), query("select email from accounts where subject_id = ?", subject));
        assertEquals(0, AccountRows.query("select count(*) from privacy_erasure_log where order_id = ?",
                order.orderId().toString()).stream().mapToLong(n -> ((Number) n).longValue()).sum());
        erasures.awaitConfirmation(order, Systems.RETENTION);
        assertEquals(0, erasures.confirmationsFrom(order, STORE));
    }

    @Test
    void aRedeliveredOrderAndANewOrderForAnErasedSubjectEraseOnceAndConfirmConsistently() throws Exception {
        ErasureOrdered order = ErasureEvents.order(subject, List.of(STORE));
        String eventId = UUID.randomUUID().toString();
        erasures.publish(order, eventId);
        erasures.publish(order, eventId);
        ErasureConfirmed first = ErasureEvents.confirmed(erasures.awaitConfirmation(order, STORE));

        ErasureOrdered again = ErasureEvents.order(subject, List.of(STORE));
        erasures.publish(again);
        ErasureConfirmed second = ErasureEvents.confirmed(erasures.awaitConfirmation(again, STORE));

        // Same partition, relayed in commit order: the redelivery was handled before the second order was.
        assertEquals(1, erasures.confirmationsFrom(order, STORE), "the redelivered event is confirmed once");
        assertEquals(List.of(AccountRows.hmac(AccountRows.email(subject))),
                query("select email from accounts where subject_id = ?", subject), "hashed once, not a hash of the hash");
        assertEquals(2L, ((Number) query("select count(*) from privacy_erasure_log where order_id in (?, ?)",
                order.orderId().toString(), again.orderId().toString()).get(0)).longValue());
        // The second order finds nothing left to erase and says what is still kept, as the first did.
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, second.outcome());
        assertEquals(first.retained(), second.retained());
        assertEquals("0 rows", evidenceOf(second, "profiles").objectId());
        assertEquals("already-absent", evidenceOf(second, "profiles").result());
    }

    @Test
    void anOrderErasedBeforeACrashIsConfirmedWithTheEvidenceRecordedThen() throws Exception {
        ErasureOrdered order = ErasureEvents.order(subject, List.of(STORE));
        // The datastore's transaction committed, then the service died before confirming: the order comes again.
        ErasureEvidence before = datastores.erase(STORE, order.orderId().toString(), subject);
        erasures.publish(order);

        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(order, STORE));
        assertEquals("1 rows", evidenceOf(confirmed, "profiles").objectId(), "the first run's counts, not a second erasure's");
        assertEquals("recorded " + before.erasedAt(), evidenceOf(confirmed, "privacy_erasure_log").result());
        assertEquals(List.of(AccountRows.hmac(AccountRows.email(subject))),
                query("select email from accounts where subject_id = ?", subject));
    }

    @Test
    void aSubjectIdThatLooksLikeSqlIsOnlyAValue() throws Exception {
        String dropTrick = "x'; drop table accounts; --" + UUID.randomUUID();
        AccountRows.insertSubject(dropTrick);
        ErasureOrdered order = ErasureEvents.order(dropTrick, List.of(STORE));
        erasures.publish(order);

        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(order, STORE));
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, confirmed.outcome());
        assertEquals(0, count(dropTrick, "join profiles t on t.account_id = a.id"));
        // The table is there and the bystander untouched.
        assertEquals(1, count(subject, "join profiles t on t.account_id = a.id"));
        assertEquals(List.of(AccountRows.email(subject)), query("select email from accounts where subject_id = ?", subject));
    }

    @Test
    void aDatastoreDownDelaysTheErasureAndItIsConfirmedOnceBack() throws Exception {
        ErasureOrdered order = ErasureEvents.order(subject, List.of(STORE));
        setAccountDatabaseReachable(false);
        try {
            erasures.publish(order);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> erasures.confirmationsFrom(order, STORE) == 0);
        } finally {
            setAccountDatabaseReachable(true);
        }
        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(order, STORE));
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, confirmed.outcome());
        assertEquals(0, count(subject, "join profiles t on t.account_id = a.id"));
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheOrdersAfterItAreErased() throws Exception {
        kafka.sendCloudEvent(Events.ERASURE_ORDERED.topic(), subject, Events.ERASURE_ORDERED.cloudEventType(), "{not json");
        ErasureOrdered good = ErasureEvents.order(subject, List.of(STORE));
        erasures.publish(good);

        ConsumerRecord<String, String> dead = kafka.awaitRecord(Events.deadLetterTopic("retention-service"), r ->
                subject.equals(r.key()) && "datastore-erasure-ordered".equals(KafkaTestClient.header(r, "dead-letter-consumer")), WAIT);
        assertTrue(KafkaTestClient.header(dead, "dead-letter-reason").contains("does not bind"));
        assertEquals(Events.ERASURE_ORDERED.topic(), KafkaTestClient.header(dead, "dead-letter-topic"));
        assertEquals("{not json", dead.value());
        erasures.awaitConfirmation(good, STORE);
        assertEquals(0, count(subject, "join profiles t on t.account_id = a.id"));
    }

    private static Evidence evidenceOf(ErasureConfirmed confirmed, String objectType) {
        return confirmed.evidence().stream().filter(e -> e.objectType().equals(objectType)).findFirst()
                .orElseThrow(() -> new AssertionError("no evidence for " + objectType + " in " + confirmed.evidence()));
    }

    /** The event id is in the inbox of the datastores' consumer. */
    private static boolean processed(String eventId) throws SQLException {
        try (Connection c = serviceDatabase();
             PreparedStatement s = c.prepareStatement("select count(*) from platform_inbox where consumer = ? and event_id = ?")) {
            s.setString(1, DatastoreErasure.INBOX_CONSUMER);
            s.setString(2, eventId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    /** The datastore down: its database refuses connections and the open ones are ended; then back. */
    private static void setAccountDatabaseReachable(boolean reachable) throws SQLException {
        try (Connection c = serviceDatabase(); Statement s = c.createStatement()) {
            s.execute("alter database " + AccountDatabaseResource.DATABASE + " allow_connections " + reachable);
            if (!reachable) {
                s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                        + AccountDatabaseResource.DATABASE + "'");
            }
        }
    }

    private static Connection serviceDatabase() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
