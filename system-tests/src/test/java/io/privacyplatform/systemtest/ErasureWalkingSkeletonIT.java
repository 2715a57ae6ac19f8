package io.privacyplatform.systemtest;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.policy.Register;
import io.privacyplatform.sandbox.Failure;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.PartnerSandbox;
import io.privacyplatform.sandbox.RecordedCall;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The erasure walking skeleton through the four packaged services, each in its own process, exactly as a
 * frontend drives it: a subject files, the privacy officer approves, every system erases and confirms,
 * and the subject reads the receipt. Kafka, PostgreSQL and the partner sandbox are real servers; the account database
 * (examples/account-database) is the company datastore retention-service erases from its manifest. The systems
 * expected to confirm and the ones the receipt names come from the registry (policy's systems.yaml), never a hand list.
 */
@Order(SharedPlatform.Profile.STANDARD_ORDER)
class ErasureWalkingSkeletonIT {

    private static final Duration COMPLETION = Duration.ofSeconds(90);
    private static final Register REGISTER = Register.load();
    private static LocalPlatform platform;
    private static KafkaTestClient kafka;
    private static AccountDatabase accounts;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.STANDARD);
        kafka = new KafkaTestClient(platform.kafka().bootstrapServers());
        accounts = new AccountDatabase(platform);
    }

    @AfterAll
    static void stopPlatform() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void anErasureReachesEverySystemIncludingTheAccountDatabaseAndTheReceiptNamesEveryRegisteredSystem() throws Exception {
        Person person = new Person("usr-" + UUID.randomUUID(), "camille.dupont." + UUID.randomUUID() + "@example.fr",
                "Camille Dupont", "+33612345678");
        String customer = "cus_" + shortId();
        String contact = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        String response = "resp_" + shortId();
        holdDataEverywhere(person, customer, contact, response);
        accounts.insertAccount(person.subjectId(), person.email(), "Camille", "Dupont", person.phone());
        // A bystander's account: the erasure must not touch it.
        String bystander = "usr-" + UUID.randomUUID();
        accounts.insertAccount(bystander, "bystander." + shortId() + "@example.fr", "Louise", "Petit", "+33600000000");

        String requestId = fileAndApproveErasure(person);
        awaitStatus(person, requestId, "COMPLETED");

        List<String> registered = REGISTER.systems().stream().map(Register.RegisteredSystem::name).toList();
        List<String> erasing = REGISTER.expectedSystems("erase");
        assertTrue(erasing.contains("account-database"), "the registry connects the account database: " + erasing);
        JsonPath receipt = given().spec(as(person)).get(url("request-service", "/requests/" + requestId + "/receipt"))
                .then().statusCode(200)
                // Every registered system is named: with its outcome, or why this order does not concern it.
                .body("registeredSystems.system", containsInAnyOrder(registered.toArray()))
                .body("systems.system", containsInAnyOrder(erasing.toArray()))
                .body("registeredSystems.find { it.system == 'request' }.reason", notNullValue())
                .body("systems.find { it.system == 'consent' }.outcome", equalTo("ERASED"))
                // retention keeps a billing entry while Stripe and the account database keep the invoices (L123-22): its
                // clock orders their erasure when the 10 years end.
                .body("systems.find { it.system == 'retention' }.outcome", equalTo("PARTIALLY_ERASED"))
                .body("systems.find { it.system == 'retention' }.retained.dataCategory", hasItem("inventory:billing"))
                .body("systems.find { it.system == 'retention' }.retained.rule", hasItem("accounting-ten-years"))
                .body("systems.find { it.system == 'stripe' }.retained.dataCategory", hasItem("billing-records"))
                .body("systems.find { it.system == 'openai' }.notices.size()", equalTo(1))
                // Invoices and the subject id that links them are kept 10 years (manifest: retain, L123-22).
                .body("systems.find { it.system == 'account-database' }.outcome", equalTo("PARTIALLY_ERASED"))
                .body("systems.find { it.system == 'account-database' }.retained.legalBasis", hasItem(containsString("L123-22")))
                .body("awaiting", empty())
                .extract().jsonPath();
        for (String system : erasing) {
            assertTrue(receipt.getString("systems.find { it.system == '" + system + "' }.outcome") != null,
                    system + " confirmed with an outcome: " + receipt.prettify());
        }
        // Evidence: rows affected per table of the manifest, and the re-count that found nothing left.
        String evidence = String.valueOf(receipt.getList("systems.find { it.system == 'account-database' }.evidence"));
        for (String table : AccountDatabase.TABLES) {
            assertTrue(evidence.contains(table), "account-database evidence names " + table + ": " + evidence);
        }
        assertAccountErasedAsTheManifestSays(person);
        for (String table : AccountDatabase.TABLES) {
            assertEquals(table.equals("orders") || table.equals("order_lines") ? 2 : 1, accounts.rows(bystander, table),
                    "the bystander's " + table);
        }

        PartnerSandbox sandbox = platform.sandbox();
        RecordedCall stripeDelete = only(sandbox.calls(Partner.STRIPE), "DELETE", "/v1/customers/" + customer);
        assertEquals(200, stripeDelete.status());
        assertTrue(stripeDelete.header("Authorization").startsWith("Bearer sk_"), "Stripe call carries the secret key");
        assertTrue(stripeDelete.header("Stripe-Version") != null, "Stripe-Version is pinned");

        RecordedCall gdprDelete = only(sandbox.calls(Partner.HUBSPOT).stream().filter(c -> c.body().contains("\"" + contact + "\"")).toList(),
                "POST", "/crm/v3/objects/contacts/gdpr-delete");
        assertEquals(204, gdprDelete.status());
        assertTrue(sandbox.calls(Partner.HUBSPOT).stream().noneMatch(c -> c.method().equals("DELETE")),
                "the restorable archive DELETE is never used for an erasure");

        RecordedCall openAiDelete = only(sandbox.calls(Partner.OPENAI), "DELETE", "/v1/responses/" + response);
        assertEquals(200, openAiDelete.status());

        assertNoPersonalDataOnKafka(person);
    }

    @Test
    void aRateLimitedThenUnavailableHubSpotDelaysTheErasureButNeverLosesIt() {
        Person person = new Person("usr-" + UUID.randomUUID(), "jean.martin." + UUID.randomUUID() + "@example.fr",
                "Jean Martin", "+33698765432");
        String customer = "cus_" + shortId();
        String contact = String.valueOf(Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L));
        String response = "resp_" + shortId();
        holdDataEverywhere(person, customer, contact, response);

        platform.sandbox().failNext(Partner.HUBSPOT, 1, Failure.RATE_LIMITED);
        platform.sandbox().failNext(Partner.HUBSPOT, 1, Failure.SERVICE_UNAVAILABLE);

        String requestId = fileAndApproveErasure(person);
        awaitStatus(person, requestId, "COMPLETED");

        List<Integer> statuses = platform.sandbox().calls(Partner.HUBSPOT).stream()
                .filter(c -> c.path().endsWith("/gdpr-delete") && c.body().contains("\"" + contact + "\""))
                .map(RecordedCall::status).toList();
        assertEquals(List.of(429, 503, 204), statuses, "429, then 503, then the erasure went through");
        given().spec(as(person)).get(url("request-service", "/requests/" + requestId + "/receipt"))
                .then().statusCode(200).body("systems.find { it.system == 'hubspot' }.outcome", equalTo("ERASED"));

        assertNoPersonalDataOnKafka(person);
    }

    @Test
    void everyServiceServesHealthMetricsAndOpenApiWithoutATokenAndNothingElse() {
        for (String service : LocalPlatform.SERVICES) {
            given().get(url(service, "/q/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
            given().get(url(service, "/q/health/live")).then().statusCode(200);
            given().get(url(service, "/q/metrics")).then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("platform_outbox_pending"));
            given().queryParam("format", "json").get(url(service, "/q/openapi")).then().statusCode(200)
                    .body("info.title", org.hamcrest.Matchers.notNullValue());
        }
        for (String path : List.of("request-service /requests", "consent-service /consents",
                "retention-service /inventory?subjectId=x", "partner-sync-service /processor-records?subjectId=x")) {
            String[] target = path.split(" ");
            given().get(url(target[0], target[1])).then().statusCode(401).contentType("application/problem+json");
        }
    }

    /** examples/account-database's manifest (datastores/account-database.yaml), column by column, for the subject's rows. */
    private void assertAccountErasedAsTheManifestSays(Person person) throws Exception {
        String subject = person.subjectId();
        // delete-row tables: the subject's rows are gone.
        for (String table : List.of("profiles", "postal_addresses", "login_history", "marketing_preferences")) {
            assertEquals(0, accounts.rows(subject, table), table + " rows of the subject");
        }
        // accounts: the row stays (subject_id retained with the invoices), the email is a keyed hash of the address.
        assertEquals(1, accounts.rows(subject, "accounts"));
        String email = (String) accounts.column(subject, "accounts", "email").get(0);
        assertThat(email, matchesPattern("[0-9a-f]{64}"));
        assertEquals(accounts.keyedHash(person.email()), email, "HMAC-SHA256 of the address under the datastore's key");
        // orders: billing fields retained (the invoice), the delivery note nulled.
        assertEquals(2, accounts.rows(subject, "orders"));
        assertEquals(List.of("Camille Dupont", "Camille Dupont"), accounts.column(subject, "orders", "billing_name"));
        assertEquals(Arrays.asList(null, null), accounts.column(subject, "orders", "delivery_note"));
        // order_lines, three tables deep: kept, the engraved name masked.
        assertEquals(List.of("[erased]", "[erased]"), accounts.column(subject, "order_lines", "personalization"));
        assertEquals(List.of("Notebook", "Notebook"), accounts.column(subject, "order_lines", "product"));
        // support_tickets: kept for the history, the subject line nulled and the free text masked.
        assertEquals(Arrays.asList((Object) null), accounts.column(subject, "support_tickets", "subject"));
        assertEquals(List.of("[erased]"), accounts.column(subject, "support_tickets", "body"));
        assertEquals(List.of("closed"), accounts.column(subject, "support_tickets", "status"));
    }

    /** The platform records what the product holds: a consent, an inventory entry, three partner objects. */
    private void holdDataEverywhere(Person person, String customer, String contact, String response) {
        PartnerSandbox sandbox = platform.sandbox();
        sandbox.seedStripeCustomer(customer, person.email(), person.name());
        sandbox.seedHubSpotContact(contact, Map.of("email", person.email(), "firstname", "Camille", "phone", person.phone()));
        sandbox.seedOpenAiObject("response", response);

        // The product's backends, each with its own client: billing binds the partner objects, the web app records inventory.
        RequestSpecification billingBackend = given().auth().oauth2(platform.clientToken(RealmClients.BILLING_BACKEND)).contentType(ContentType.JSON);
        RequestSpecification webBackend = given().auth().oauth2(platform.clientToken(RealmClients.WEB_BACKEND)).contentType(ContentType.JSON);
        for (String[] object : List.of(new String[]{"stripe", "customer", customer, "billing"},
                new String[]{"hubspot", "contact", contact, "customer-inquiries"}, new String[]{"openai", "response", response, "service-provision"})) {
            given().spec(billingBackend).body(Map.of("subjectId", person.subjectId(), "partner", object[0],
                            "objectType", object[1], "objectId", object[2], "purpose", object[3]))
                    .post(url("partner-sync-service", "/processor-records"))
                    .then().statusCode(201);
        }
        given().spec(as(person)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "marketing-email", "granted", true))
                .post(url("consent-service", "/consents"))
                .then().statusCode(201);
        given().spec(webBackend)
                .body(Map.of("subjectId", person.subjectId(), "purpose", "account-registration", "dataCategories", List.of("identity", "contact")))
                .post(url("retention-service", "/inventory"))
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    }

    private String fileAndApproveErasure(Person person) {
        String requestId = given().spec(as(person)).contentType(ContentType.JSON).body("{\"type\":\"ERASURE\"}")
                .post(url("request-service", "/requests"))
                .then().statusCode(201).body("status", equalTo("FILED"))
                .extract().path("id");
        given().auth().oauth2(platform.token("dpo-1", "privacy-officer"))
                .post(url("request-service", "/requests/" + requestId + "/approve"))
                .then().statusCode(200).body("status", equalTo("IN_PROGRESS"));
        return requestId;
    }

    private void awaitStatus(Person person, String requestId, String status) {
        await().atMost(COMPLETION).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().spec(as(person)).get(url("request-service", "/requests/" + requestId))
                        .then().statusCode(200).body("status", equalTo(status)));
    }

    /** Every record on every platform topic: neither key, value nor header may carry the person's contact data. */
    private void assertNoPersonalDataOnKafka(Person person) {
        List<String> topics = new ArrayList<>(Events.topics());
        LocalPlatform.SERVICES.forEach(s -> topics.add(Events.deadLetterTopic(s)));
        int ofThisSubject = 0;
        for (String topic : topics) {
            for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
                if (person.subjectId().equals(record.key())) {
                    ofThisSubject++;
                }
                StringBuilder content = new StringBuilder().append(record.key()).append('\n').append(record.value());
                for (Header header : record.headers()) {
                    content.append('\n').append(header.key()).append('=')
                            .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
                }
                String text = content.toString().toLowerCase();
                for (String personal : person.personalData()) {
                    assertFalse(text.contains(personal.toLowerCase()), "personal data on topic " + topic);
                }
            }
        }
        // consent-changed (the marketing grant), request-filed, erasure-ordered, and one erasure-confirmed per system the
        // registry expects to erase (consent, retention, three partners, the account database).
        assertEquals(3 + REGISTER.expectedSystems("erase").size(), ofThisSubject, "records keyed by the subject");
    }

    private static RecordedCall only(List<RecordedCall> calls, String method, String path) {
        List<RecordedCall> matching = calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
        assertEquals(1, matching.size(), method + " " + path + " calls: " + matching);
        return matching.get(0);
    }

    private static RequestSpecification as(Person person) {
        return given().auth().oauth2(platform.token(person.subjectId(), "data-subject"));
    }

    private static String url(String service, String path) {
        return platform.serviceUrl(service) + path;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    record Person(String subjectId, String email, String name, String phone) {
        List<String> personalData() {
            return List.of(email, name, phone, email.substring(0, email.indexOf('@')));
        }
    }
}
