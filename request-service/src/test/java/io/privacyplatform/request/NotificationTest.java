package io.privacyplatform.request;

import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.request.service.notification.NotificationSender;
import io.privacyplatform.testkit.CapturedLog;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.sqlValue;
import static io.privacyplatform.request.Api.view;
import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mails to the person through the real stack: GreenMail as the SMTP server, PostgreSQL, Kafka, and retention-service
 * (WireMock behind the real token issuer) answering the account's address. The scheduled sender is off in tests
 * ({@code requests.notifications.send-every=off}); each test runs it by hand, so nothing is mailed behind another
 * test's back.
 */
@QuarkusTest
class NotificationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile("http://localhost:8081/status/[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+){1,2}");

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Inject
    NotificationSender sender;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static String newSubject() {
        return "usr-" + UUID.randomUUID();
    }

    private static String newAddress() {
        return "ada." + UUID.randomUUID() + "@example.test";
    }

    private static void deliver(String requestId) {
        Api.sendNotifications(requestId);
    }

    /**
     * After the SMTP server came back: sends until {@code count} mails reached the address, moving the clock past each
     * backoff. The first attempt may still fail (the mailer's pooled connection to the stopped server): it is retried,
     * which is what the queue is for.
     */
    private void deliverAfterRestart(String requestId, String address, int count) {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            clock.moveTo(clock.instant().plus(Duration.ofHours(7)));
            deliver(requestId);
            return mails(address).size() >= count;
        });
        assertEquals(count, mails(address).size(), "nothing sent twice");
    }

    private static String status(String requestId, String kind) {
        return (String) sqlValue("select status from notification where request_id = ?1 and kind = ?2",
                UUID.fromString(requestId), kind);
    }

    private static List<MimeMessage> mails(String address) {
        return Arrays.asList(MailTestResource.to(address));
    }

    /** The one mail of this subject (exactly one) whose subject line contains {@code subjectPart}; its text. */
    private static Mail onlyMail(String address, String subjectPart) throws Exception {
        List<Mail> matching = new ArrayList<>();
        for (MimeMessage message : mails(address)) {
            if (message.getSubject().contains(subjectPart)) {
                matching.add(new Mail(message.getSubject(), text(message.getContent())));
            }
        }
        assertEquals(1, matching.size(), "exactly one mail '" + subjectPart + "'");
        return matching.get(0);
    }

    private record Mail(String subject, String text) {
        String link() {
            Matcher matcher = LINK.matcher(text);
            assertTrue(matcher.find(), "the mail carries a person link");
            return matcher.group();
        }
    }

    private static String text(Object content) throws Exception {
        if (content instanceof String text) {
            return text;
        }
        StringBuilder all = new StringBuilder();
        Multipart parts = (Multipart) content;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            all.append(text(part.getContent()));
        }
        return all.toString();
    }

    private static String french(String isoDate) {
        return LocalDate.parse(isoDate).format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH));
    }

    private static String english(String isoDate) {
        return LocalDate.parse(isoDate).format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH));
    }

    @Test
    void aPlatformAccountIsMailedAtTheDatastoresAddressInFrenchByDefaultAndTheAddressIsNotStored() throws Exception {
        String subject = newSubject();
        String address = newAddress();
        ExportPeers.contact(subject, address);
        String id = file(subject, "{\"type\":\"OBJECTION\",\"scope\":\"PROSPECTION\"}");
        view(id).body("notifications.kind", equalTo(List.of("RECEIVED")))
                .body("notifications[0].status", equalTo("PENDING"))
                .body("notifications[0].language", equalTo("fr"));
        assertNull(sqlValue("select contact_email_ct from data_subject_request where id = ?1", UUID.fromString(id)),
                "an account's address is asked at send time, never stored");

        deliver(id);

        Mail received = onlyMail(address, "Votre demande a bien été reçue");
        String dueOn = view(id).extract().path("dueOn");
        assertTrue(received.text().contains("au plus tard le " + french(dueOn)), received.text());
        assertTrue(received.text().contains(id));
        assertEquals(1L, ((Number) sqlValue("select count(*) from person_link where request_id = ?1",
                UUID.fromString(id))).longValue());
        assertTrue(received.link().startsWith("http://localhost:8081/status/"));
        view(id).body("notifications[0].status", equalTo("SENT"))
                .body("notifications[0].attempts", equalTo(1))
                .body("notifications[0].sentAt", org.hamcrest.Matchers.notNullValue())
                .body("history.kind", hasItem("NOTICE_SENT"))
                .body("history.find { it.kind == 'NOTICE_SENT' }.note", containsString("RECEIVED notification"))
                .body("history.find { it.kind == 'NOTICE_SENT' }.note", not(containsString("example.test")));
        assertEquals(1, mails(address).size(), "one mail for one step");

        // A second run sends nothing again.
        deliver(id);
        sender.sendDue();
        assertEquals(1, mails(address).size());
    }

    @Test
    void anExtensionARefusalAndTheirTextsAreMailedInTheRequestsLanguage() throws Exception {
        String subject = newSubject();
        String address = newAddress();
        String id = as(subject).body("{\"type\":\"ERASURE\",\"language\":\"en\",\"contactEmail\":\"" + address + "\"}")
                .post("/requests").then().statusCode(201).extract().path("id");
        deliver(id);
        Mail received = onlyMail(address, "Your request was received");
        assertTrue(received.text().contains("by " + english(view(id).extract().path("dueOn"))), received.text());

        officer().body("{\"months\":2,\"reason\":\"Twelve systems to search by hand\"}").post("/requests/{id}/extend", id)
                .then().statusCode(200);
        deliver(id);
        Mail extended = onlyMail(address, "Your request needs more time");
        String newDue = view(id).extract().path("dueOn");
        assertTrue(extended.subject().contains(english(newDue)));
        assertTrue(extended.text().contains("extended by 2 month(s)"));
        assertTrue(extended.text().contains("Twelve systems to search by hand"));
        assertNotNull(extended.link());

        officer().body("{\"ground\":\"LEGAL_CLAIMS\",\"text\":\"A lawsuit about your contract is pending.\"}")
                .post("/requests/{id}/reject", id).then().statusCode(200);
        deliver(id);
        Mail rejected = onlyMail(address, "Your request cannot be granted");
        assertTrue(rejected.text().contains("GDPR Art. 17(3)(e)"), rejected.text());
        assertTrue(rejected.text().contains("establishment, exercise or defence of legal claims"));
        assertTrue(rejected.text().contains("A lawsuit about your contract is pending."));
        assertTrue(rejected.text().contains("https://www.cnil.fr/fr/plaintes"));
        assertTrue(rejected.text().contains("judicial remedy"));
        assertNotNull(rejected.link());
        assertEquals(3, mails(address).size());
        // Closed and every mail sent: the given address is erased.
        assertNull(sqlValue("select contact_email_ct from data_subject_request where id = ?1", UUID.fromString(id)));
        view(id).body("notifications.kind", equalTo(List.of("RECEIVED", "EXTENDED", "REJECTED")))
                .body("notifications.status", equalTo(List.of("SENT", "SENT", "SENT")));
    }

    @Test
    void aFrenchRefusalNamesTheGroundTheCnilAndTheJudicialRemedyInFrench() throws Exception {
        String address = newAddress();
        String id = officer().body("{\"subjectId\":\"" + newSubject() + "\",\"identityCheck\":{\"method\":\"ID_DOCUMENT\"},"
                        + "\"contactEmail\":\"" + address + "\",\"request\":{\"type\":\"ACCESS\"}}")
                .post("/requests/on-behalf").then().statusCode(201).extract().path("id");
        officer().body("{\"ground\":\"MANIFESTLY_EXCESSIVE\",\"text\":\"Troisième demande identique ce mois-ci.\"}")
                .post("/requests/{id}/reject", id).then().statusCode(200);
        deliver(id);
        onlyMail(address, "Votre demande a bien été reçue");
        Mail rejected = onlyMail(address, "Votre demande ne peut pas être satisfaite");
        assertTrue(rejected.text().contains("manifestement excessive"), rejected.text());
        assertTrue(rejected.text().contains("GDPR Art. 12(5)(b)"));
        assertTrue(rejected.text().contains("Troisième demande identique ce mois-ci."));
        assertTrue(rejected.text().contains("https://www.cnil.fr/fr/plaintes"));
        assertTrue(rejected.text().contains("recours juridictionnel"));
    }

    @Test
    void aCompletedErasureIsSummarisedFromItsReceipt() throws Exception {
        String subject = newSubject();
        String address = newAddress();
        ExportPeers.contact(subject, address);
        String id = file(subject, Api.ERASURE);
        approve(id).statusCode(200);
        UUID orderId = (UUID) sqlValue("select erasure_order_id from data_subject_request where id = ?1", UUID.fromString(id));
        String expected = (String) sqlValue("select expected_systems from data_subject_request where id = ?1", UUID.fromString(id));
        ErasureEvents erasures = new ErasureEvents(kafka, WAIT);
        for (String system : expected.split(",")) {
            List<Exemption> kept = system.equals("stripe") ? List.of(new Exemption("stripe", "billing-records",
                    "French commercial code art. L123-22")) : List.of();
            erasures.publish(new ErasureConfirmed(orderId, UUID.fromString(id), subject, system, ErasureOutcome.ERASED,
                    List.of(new Evidence("record", "1", "delete", "deleted", "read back: absent")), kept, List.of(), Instant.now()));
        }
        await().atMost(WAIT).untilAsserted(() -> view(id).body("status", equalTo("COMPLETED")));
        deliver(id);
        Mail completed = onlyMail(address, "Votre demande est traitée");
        assertTrue(completed.text().contains("consent: ERASED"), completed.text());
        assertTrue(completed.text().contains("stripe keeps billing-records: French commercial code art. L123-22"));
        assertNotNull(completed.link());
        assertEquals(2, mails(address).size(), "received, then completed: one mail per step");
    }

    @Test
    void anExportReadyMailCarriesTheDownloadLinkAndNoSeparateCompletionMail() throws Exception {
        String subject = newSubject();
        String address = newAddress();
        ExportPeers.contact(subject, address);
        ExportPeers.everySlice(subject);
        String id = as(subject).body("{\"type\":\"ACCESS\",\"language\":\"en\"}").post("/requests").then().statusCode(201)
                .extract().path("id");
        approve(id).statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> view(id).body("status", equalTo("COMPLETED")));
        deliver(id);
        Mail ready = onlyMail(address, "Your data is ready to download");
        assertTrue(ready.text().contains(ready.link() + "/export?format=json"), ready.text());
        assertTrue(ready.text().contains(ready.link() + "/export?format=csv"));
        view(id).body("notifications.kind", equalTo(List.of("RECEIVED", "EXPORT_READY")));
        assertEquals(2, mails(address).size());
    }

    @Test
    void aRestrictionIsLiftedOnlyOnceThePersonWasToldByMail() throws Exception {
        String subject = newSubject();
        String address = newAddress();
        ExportPeers.contact(subject, address);
        String id = file(subject, "{\"type\":\"RESTRICTION\",\"ground\":\"ACCURACY_CONTESTED\",\"language\":\"en\"}");
        approve(id).statusCode(200);
        officer().body("{\"reason\":\"Your phone number was checked and corrected.\"}")
                .post("/requests/{id}/restriction/lift", id).then().statusCode(200)
                .body("restriction.inForce", equalTo(true))
                .body("notices.kind", hasItem("RESTRICTION_LIFT_ANNOUNCED"));
        assertNull(sqlValue("select lift_order_id from data_subject_request where id = ?1", UUID.fromString(id)),
                "no lift order before the person is told");

        deliver(id);
        Mail lift = onlyMail(address, "restriction of processing of your data is about to be lifted");
        assertTrue(lift.text().contains("GDPR Art. 18(3)"), lift.text());
        assertTrue(lift.text().contains("Your phone number was checked and corrected."));
        assertNotNull(lift.link());
        view(id).body("restriction.inForce", equalTo(false))
                .body("history.kind", hasItem("RESTRICTION_LIFTED"))
                .body("history.find { it.kind == 'RESTRICTION_LIFTED' }.note", containsString("the person was told by mail"));
        assertNotNull(sqlValue("select lift_order_id from data_subject_request where id = ?1", UUID.fromString(id)));
        // Nothing left to send and no restriction in force: the address may go (an account's was never stored).
    }

    @Test
    void aLiftWaitsForItsMailAtMostLiftWaitsAtMost() throws Exception {
        String address = newAddress();
        String id = as(newSubject()).body("{\"type\":\"RESTRICTION\",\"ground\":\"UNLAWFUL_PROCESSING\",\"contactEmail\":\""
                + address + "\"}").post("/requests").then().statusCode(201).extract().path("id");
        approve(id).statusCode(200);
        deliver(id);
        officer().body("{\"reason\":\"Processing found lawful.\"}").post("/requests/{id}/restriction/lift", id)
                .then().statusCode(200);
        MailTestResource.stopServer();
        try {
            deliver(id);
            assertEquals("PENDING", status(id, "RESTRICTION_LIFT"));
            sender.liftOverdue();
            view(id).body("restriction.inForce", equalTo(true));
            // The day before the limit (2 days in tests too): still waiting for the mail.
            clock.moveTo(Instant.now().plus(Duration.ofDays(2)).minus(Duration.ofMinutes(5)));
            assertEquals(0, sender.liftOverdue());
            view(id).body("restriction.inForce", equalTo(true));
            clock.moveTo(Instant.now().plus(Duration.ofDays(2)).plus(Duration.ofMinutes(1)));
            assertTrue(sender.liftOverdue() >= 1);
            view(id).body("restriction.inForce", equalTo(false))
                    .body("history.find { it.kind == 'RESTRICTION_LIFTED' }.note", containsString("not delivered within 48h"));
        } finally {
            MailTestResource.startServer();
        }
        // The mail itself is not dropped: it goes once the server is back.
        deliverAfterRestart(id, address, 2);
        onlyMail(address, "La limitation du traitement de vos données va être levée");
    }

    @Test
    void anEmailFilingKeepsItsVerifiedAddressEncryptedUntilTheClosingMailIsSent() throws Exception {
        String address = newAddress();
        String ip = "10.77." + (int) (Math.random() * 250) + "." + (int) (1 + Math.random() * 250);
        String filingId = given().contentType(ContentType.JSON).header("X-Forwarded-For", ip)
                .body(Map.of("email", address, "type", "ERASURE", "language", "en")).post("/requests/by-email")
                .then().statusCode(202).extract().path("id");
        String stored = (String) sqlValue("select email_ct from email_filing where id = ?1", UUID.fromString(filingId));
        assertFalse(stored.contains("example.test"), "encrypted while the code is awaited");
        String code = MailTestResource.awaitCode(address);
        String id = given().contentType(ContentType.JSON).header("X-Forwarded-For", ip).body(Map.of("code", code))
                .post("/requests/by-email/{id}/verify", filingId).then().statusCode(200).extract().path("id");
        assertNull(sqlValue("select email_ct from email_filing where id = ?1", UUID.fromString(filingId)));
        String onRequest = (String) sqlValue("select contact_email_ct from data_subject_request where id = ?1", UUID.fromString(id));
        assertNotNull(onRequest);
        assertFalse(onRequest.contains("example.test"));
        assertEquals("en", sqlValue("select language from data_subject_request where id = ?1", UUID.fromString(id)));

        deliver(id);
        onlyMail(address, "Your request was received");
        assertNotNull(sqlValue("select contact_email_ct from data_subject_request where id = ?1", UUID.fromString(id)),
                "kept while the request is open");
        // Withdrawn (by the officer, as received by mail): closed with nothing left to send, the address goes at once.
        officer().post("/requests/{id}/withdraw", id).then().statusCode(200);
        assertNull(sqlValue("select contact_email_ct from data_subject_request where id = ?1", UUID.fromString(id)));
    }

    @Test
    void aMailServerDownDelaysTheMailAndLosesNothing() throws Exception {
        String address = newAddress();
        String id = as(newSubject()).body("{\"type\":\"ACCESS\",\"contactEmail\":\"" + address + "\"}").post("/requests")
                .then().statusCode(201).extract().path("id");
        MailTestResource.stopServer();
        try {
            deliver(id);
            assertEquals("PENDING", status(id, "RECEIVED"));
            view(id).body("notifications[0].attempts", equalTo(1))
                    .body("notifications[0].lastError", org.hamcrest.Matchers.startsWith("MAIL_"))
                    .body("history.kind", not(hasItem("PERSON_LINK_ISSUED")));
            // Not due before its backoff (1 minute in tests).
            deliver(id);
            view(id).body("notifications[0].attempts", equalTo(1));
        } finally {
            MailTestResource.startServer();
        }
        assertEquals(0, mails(address).size());
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            clock.moveTo(clock.instant().plus(Duration.ofHours(7)));
            sender.sendDue();
            return "SENT".equals(status(id, "RECEIVED"));
        });
        onlyMail(address, "Votre demande a bien été reçue");
        view(id).body("notifications[0].attempts", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    @Test
    void aMailFailingManyTimesShowsOnTheOfficersAttentionList() {
        String address = newAddress();
        String id = as(newSubject()).body("{\"type\":\"ACCESS\",\"contactEmail\":\"" + address + "\"}").post("/requests")
                .then().statusCode(201).extract().path("id");
        Api.sql("update notification set attempts = 5, last_error = 'MAIL_ConnectException', next_attempt_at = now() + interval '1 hour' "
                + "where request_id = ?1", UUID.fromString(id));
        officer().get("/requests/attention/notifications?size=200").then().statusCode(200)
                .body("items.findAll { it.requestId == '" + id + "' }.status", equalTo(List.of("PENDING")))
                .body("items.find { it.requestId == '" + id + "' }.why", containsString("not delivered after 5 attempts"));
        as("usr-someone").get("/requests/attention/notifications").then().statusCode(403);
    }

    @Test
    void twoClaimsNeverSendOneNotificationTwice() throws Exception {
        String address = newAddress();
        String id = as(newSubject()).body("{\"type\":\"ACCESS\",\"contactEmail\":\"" + address + "\"}").post("/requests")
                .then().statusCode(201).extract().path("id");
        UUID notification = (UUID) Api.pendingNotifications(id).get(0);
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<NotificationSender.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<NotificationSender.Outcome> run = () -> {
                    start.await();
                    return sender.send(notification);
                };
                runs.add(replicas.submit(run));
            }
            start.countDown();
            List<NotificationSender.Outcome> outcomes = new ArrayList<>();
            for (Future<NotificationSender.Outcome> run : runs) {
                outcomes.add(run.get());
            }
            // Exactly one claim acts, the others find it taken. The one that acts may fail on the mailer's pooled
            // connection to a server an earlier test restarted: then the queue's retry delivers it, still only once.
            assertEquals(3, outcomes.stream().filter(o -> o == NotificationSender.Outcome.SKIPPED).count(), outcomes.toString());
            if (outcomes.contains(NotificationSender.Outcome.RETRY)) {
                deliverAfterRestart(id, address, 1);
            } else {
                assertTrue(outcomes.contains(NotificationSender.Outcome.SENT), outcomes.toString());
            }
        } finally {
            replicas.shutdownNow();
        }
        assertEquals(1, mails(address).size());
        view(id).body("history.findAll { it.kind == 'NOTICE_SENT' }.size()", equalTo(1));
    }

    @Test
    void withoutAnyAddressTheNotificationEndsNoAddressAndTheOfficerSeesIt() {
        String subject = newSubject(); // retention-service answers 404: no datastore holds an address
        String id = file(subject, Api.ERASURE);
        deliver(id);
        assertEquals("NO_ADDRESS", status(id, "RECEIVED"));
        view(id).body("history.kind", hasItem("NOTICE_NO_ADDRESS"))
                .body("notifications[0].status", equalTo("NO_ADDRESS"));
        officer().get("/requests/attention/notifications?size=200").then().statusCode(200)
                .body("items.requestId", hasItem(id));
        // An heir's request never writes to the deceased's account.
        String heir = Api.fileOnBehalf(subject, "PROOF_OF_DEATH_AND_HEIRSHIP", "{\"type\":\"HEIR\",\"dateOfDeath\":\"2026-01-02\","
                + "\"proofOfDeath\":{\"kind\":\"DEATH_CERTIFICATE\",\"reference\":\"DC-1\"},\"heir\":{\"name\":\"Jo\",\"relationship\":\"son\","
                + "\"email\":\"jo@example.test\"},\"proofOfHeirship\":{\"kind\":\"ACT_OF_NOTORIETY\",\"reference\":\"ND-1\"},\"ask\":\"CLOSE_ACCOUNT\"}");
        ExportPeers.contact(subject, "deceased@example.test");
        deliver(heir);
        assertEquals("NO_ADDRESS", status(heir, "RECEIVED"));
        assertEquals(0, mails("deceased@example.test").size());
    }

    @Test
    void theLanguageIsFrOrEnAndTheContactEmailAnAddress() {
        problem(as(newSubject()).body("{\"type\":\"ERASURE\",\"language\":\"de\"}").post("/requests").then(), 400)
                .body("errors.field", hasItem("language"));
        problem(as(newSubject()).body("{\"type\":\"ERASURE\",\"contactEmail\":\"not an address\"}").post("/requests").then(), 400)
                .body("errors.field", hasItem("contactEmail"));
        problem(given().contentType(ContentType.JSON).header("X-Forwarded-For", "10.78.1.1")
                .body(Map.of("email", newAddress(), "type", "ERASURE", "language", "es")).post("/requests/by-email").then(), 400)
                .body("errors.field", hasItem("language"));
        problem(as(newSubject()).body("{\"type\":\"ERASURE\",\"unknown\":1}").post("/requests").then(), 400)
                .body("errors.field", hasItem("unknown"));
    }

    @Test
    void noAddressNameOrTextReachesTheLogs() throws Exception {
        String subject = newSubject();
        String address = "camille.secret." + UUID.randomUUID() + "@example.test";
        ExportPeers.contact(subject, address);
        CapturedLog log = CapturedLog.start();
        try {
            String id = file(subject, "{\"type\":\"ERASURE\",\"language\":\"en\"}");
            officer().body("{\"ground\":\"MANIFESTLY_UNFOUNDED\",\"text\":\"Secret reason Zorglub\"}")
                    .post("/requests/{id}/reject", id).then().statusCode(200);
            MailTestResource.stopServer();
            try {
                deliver(id);
            } finally {
                MailTestResource.startServer();
            }
            deliverAfterRestart(id, address, 2);
        } finally {
            log.close();
        }
        List<String> logged = log.lines();
        assertFalse(logged.isEmpty(), "the failed attempt was logged");
        for (String line : logged) {
            assertFalse(line.contains("camille.secret") || line.contains("Zorglub"), line);
        }
    }
}
