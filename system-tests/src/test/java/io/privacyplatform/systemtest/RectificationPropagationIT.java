package io.privacyplatform.systemtest;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.sandbox.Partner;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rectification (GDPR Art. 16 and 19) through the four packaged services: a subject files a RECTIFICATION of their
 * email address at request-service, the privacy officer approves, request-service publishes
 * {@code rectification-ordered} with field codes only, and partner-sync fetches the new value from request-service
 * with its own service token (client credentials of its own client at the platform's issuer, role rectification-reader) and applies it at Stripe and
 * HubSpot. The value itself never travels on Kafka.
 */
@Order(SharedPlatform.Profile.STANDARD_ORDER)
class RectificationPropagationIT {

    private static final Duration COMPLETION = Duration.ofSeconds(90);
    private static LocalPlatform platform;
    private static KafkaTestClient kafka;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.STANDARD);
        kafka = new KafkaTestClient(platform.kafka().bootstrapServers());
    }

    @AfterAll
    static void stopPlatform() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void anApprovedRectificationOfTheEmailReachesStripeAndHubSpotAndNeverKafka() {
        String subjectId = "usr-" + UUID.randomUUID();
        String oldEmail = "camille.dupont." + shortId() + "@example.fr";
        String newEmail = "camille.martin." + shortId() + "@example.fr";
        String customer = "cus_" + shortId();
        String contact = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        platform.sandbox().seedStripeCustomer(customer, oldEmail, "Camille Dupont");
        platform.sandbox().seedHubSpotContact(contact, Map.of("email", oldEmail, "firstname", "Camille", "lastname", "Dupont"));
        RequestSpecification platformCaller = given().auth().oauth2(platform.clientToken(RealmClients.BILLING_BACKEND)).contentType(ContentType.JSON);
        for (String[] object : List.of(new String[]{"stripe", "customer", customer, "billing"},
                new String[]{"hubspot", "contact", contact, "customer-inquiries"})) {
            given().spec(platformCaller).body(Map.of("subjectId", subjectId, "partner", object[0],
                            "objectType", object[1], "objectId", object[2], "purpose", object[3]))
                    .post(url("partner-sync-service", "/processor-records"))
                    .then().statusCode(201);
        }

        String requestId = given().auth().oauth2(platform.token(subjectId, "data-subject")).contentType(ContentType.JSON)
                .body(Map.of("type", "RECTIFICATION", "corrections", List.of(Map.of("field", "email", "value", newEmail))))
                .post(url("request-service", "/requests"))
                .then().statusCode(201).body("status", equalTo("FILED"))
                .extract().path("id");
        given().auth().oauth2(platform.token("dpo-1", "privacy-officer"))
                .post(url("request-service", "/requests/" + requestId + "/approve"))
                .then().statusCode(200);

        ConsumerRecord<String, String> ordered = kafka.awaitRecord(Events.RECTIFICATION_ORDERED.topic(),
                r -> subjectId.equals(r.key()), COMPLETION);
        String orderId = JsonPath.from(ordered.value()).getString("orderId");
        assertEquals(List.of("email"), JsonPath.from(ordered.value()).getList("fields"));

        RequestSpecification officer = given().auth().oauth2(platform.token("dpo-1", "privacy-officer"));
        await().atMost(COMPLETION).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().spec(officer).get(url("partner-sync-service", "/rectifications/" + orderId))
                        .then().statusCode(200).body("finished", equalTo(true)));
        JsonPath outcome = given().spec(officer).get(url("partner-sync-service", "/rectifications/" + orderId))
                .then().extract().jsonPath();
        assertEquals("RECTIFIED", outcome.getString("partners.find { it.partner == 'stripe' }.outcome"), outcome.prettify());
        assertEquals("RECTIFIED", outcome.getString("partners.find { it.partner == 'hubspot' }.outcome"), outcome.prettify());

        // At the partners: the new address, sent the way each documents it.
        RecordedCall post = only(platform.sandbox().calls(Partner.STRIPE), "POST", "/v1/customers/" + customer);
        assertEquals(200, post.status());
        assertEquals(Map.of("email", newEmail), post.formParams());
        assertTrue(post.header("Idempotency-Key") != null, "Stripe POSTs carry an Idempotency-Key");
        assertTrue(post.responseBody().contains(newEmail));
        RecordedCall patch = only(platform.sandbox().calls(Partner.HUBSPOT), "PATCH", "/crm/v3/objects/contacts/" + contact);
        assertEquals(200, patch.status());
        assertTrue(patch.body().contains("\"email\":\"" + newEmail + "\""), "HubSpot got the new address");
        assertTrue(platform.sandbox().calls(Partner.HUBSPOT).stream().anyMatch(c -> c.method().equals("GET")
                && c.path().equals("/crm/v3/objects/contacts/" + contact) && c.status() == 200
                && c.responseBody().contains(newEmail)), "and the read-back shows it");

        // The request completes only when every system the registry expects confirmed it (order-confirmed): the two
        // partners applied it, the account database holds no account of this subject. Nothing of the value went
        // through Kafka.
        RequestSpecification subject = given().auth().oauth2(platform.token(subjectId, "data-subject"));
        await().atMost(COMPLETION).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().spec(subject).get(url("request-service", "/requests/" + requestId))
                        .then().statusCode(200).body("status", equalTo("COMPLETED")));
        given().spec(subject).get(url("request-service", "/requests/" + requestId)).then()
                .body("orders[0].awaiting", empty())
                .body("orders[0].systems.find { it.system == 'stripe' }.status", equalTo("APPLIED"))
                .body("orders[0].systems.find { it.system == 'hubspot' }.status", equalTo("APPLIED"))
                .body("orders[0].systems.find { it.system == 'account-database' }.status", equalTo("NOTHING_HELD"));
        assertNothingOnKafka(newEmail, newEmail.substring(0, newEmail.indexOf('@')), oldEmail);
    }

    private static void assertNothingOnKafka(String... values) {
        List<String> topics = new ArrayList<>(Events.topics());
        LocalPlatform.SERVICES.forEach(s -> topics.add(Events.deadLetterTopic(s)));
        int records = 0;
        for (String topic : topics) {
            for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
                records++;
                StringBuilder content = new StringBuilder().append(record.key()).append('\n').append(record.value());
                for (Header header : record.headers()) {
                    content.append('\n').append(header.key()).append('=')
                            .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
                }
                String text = content.toString().toLowerCase();
                for (String value : values) {
                    assertFalse(text.contains(value.toLowerCase()), "rectified value on topic " + topic);
                }
            }
        }
        assertTrue(records >= 2, "request-filed and rectification-ordered were read");
    }

    private static RecordedCall only(List<RecordedCall> calls, String method, String path) {
        List<RecordedCall> matching = calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
        assertEquals(1, matching.size(), method + " " + path + " calls: " + matching.size());
        return matching.get(0);
    }

    private static String url(String service, String path) {
        return platform.serviceUrl(service) + path;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }
}
