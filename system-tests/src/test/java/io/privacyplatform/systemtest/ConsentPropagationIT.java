package io.privacyplatform.systemtest;

import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.sandbox.PartnerSandbox;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Policy §11 and GDPR Art. 21(3) across the packaged services: a withdrawal of marketing consent, whether by the
 * one-click link of an email footer or by an objection to prospection filed at request-service, stops the sending
 * at HubSpot too (unsubscribe-all of the subject's contact), with no address on Kafka.
 */
@Order(SharedPlatform.Profile.STANDARD_ORDER)
class ConsentPropagationIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.STANDARD);
    }

    private static String url(String service, String path) {
        return platform.service(service).baseUrl() + path;
    }

    private static RequestSpecification as(String subjectId, String role) {
        return given().auth().oauth2(platform.token(subjectId, role)).contentType(ContentType.JSON);
    }

    /** A product backend calling with its own client (web-backend, billing-backend) and only its roles. */
    private static RequestSpecification asClient(String clientId) {
        return given().auth().oauth2(platform.clientToken(clientId)).contentType(ContentType.JSON);
    }

    /** A subject who granted marketing email and whose CRM contact lives at HubSpot; returns the address. */
    private static String subscribedSubjectAtHubSpot(String subjectId) {
        String email = "lea." + UUID.randomUUID() + "@example.fr";
        String contact = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        PartnerSandbox sandbox = platform.sandbox();
        sandbox.seedHubSpotContact(contact, Map.of("email", email, "firstname", "Léa"));
        asClient(RealmClients.BILLING_BACKEND).body(Map.of("subjectId", subjectId, "partner", "hubspot", "objectType", "contact",
                        "objectId", contact, "purpose", "customer-inquiries"))
                .post(url("partner-sync-service", "/processor-records")).then().statusCode(201);
        as(subjectId, "data-subject").body(Map.of("purpose", "marketing-email", "granted", true))
                .post(url("consent-service", "/consents")).then().statusCode(201);
        assertFalse(sandbox.hubSpotUnsubscribedFromAll(email));
        return email;
    }

    @Test
    void theOneClickLinkOfAnEmailFooterUnsubscribesAtHubSpot() {
        String subjectId = "usr-" + UUID.randomUUID();
        String email = subscribedSubjectAtHubSpot(subjectId);
        String link = asClient(RealmClients.WEB_BACKEND).body(Map.of("subjectId", subjectId, "purpose", "marketing-email"))
                .post(url("consent-service", "/unsubscribe-links")).then().statusCode(200)
                .extract().path("url");
        String token = link.substring(link.lastIndexOf('/') + 1);

        // RFC 8058: the mail client POSTs without any login.
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .post(url("consent-service", "/unsubscribe/" + token)).then().statusCode(200);

        await().atMost(PROPAGATION).until(() -> platform.sandbox().hubSpotUnsubscribedFromAll(email));
        as(subjectId, "data-subject").get(url("consent-service", "/consents/effective?subjectId=" + subjectId + "&purpose=marketing-email"))
                .then().statusCode(200).body("allowed", equalTo(false));
    }

    @Test
    void anObjectionToProspectionFiledAtRequestServiceUnsubscribesAtHubSpot() {
        String subjectId = "usr-" + UUID.randomUUID();
        String email = subscribedSubjectAtHubSpot(subjectId);

        as(subjectId, "data-subject").body("{\"type\":\"OBJECTION\",\"scope\":\"PROSPECTION\"}")
                .post(url("request-service", "/requests")).then().statusCode(201);

        await().atMost(PROPAGATION).until(() -> platform.sandbox().hubSpotUnsubscribedFromAll(email));
        as(subjectId, "data-subject").get(url("consent-service", "/consents/effective?subjectId=" + subjectId + "&purpose=marketing-email"))
                .then().statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("OBJECTED"));
        assertTrue(platform.sandbox().calls(io.privacyplatform.sandbox.Partner.HUBSPOT).stream()
                .noneMatch(c -> c.method().equals("DELETE")), "an objection unsubscribes; it deletes nothing");
    }
}
