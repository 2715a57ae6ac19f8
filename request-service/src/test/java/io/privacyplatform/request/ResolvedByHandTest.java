package io.privacyplatform.request;

import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.ManualResolution;
import io.privacyplatform.request.service.PersonLinks;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A system's erasure a privacy officer resolved by hand (issue 15: erasure-confirmed with {@code resolvedByHand}): the
 * request completes as before, and the receipt, the audit trail, the status page and the completion mail say "resolved
 * by hand" with the category, never "erased".
 */
@QuarkusTest
class ResolvedByHandTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Inject
    PersonLinks personLinks;

    private final String subjectId = "usr-by-hand-" + UUID.randomUUID();
    private final String address = "by-hand." + UUID.randomUUID() + "@example.test";

    @Test
    void theReceiptStatusPageAndMailSayResolvedByHandWithTheCategoryNeverErased() throws Exception {
        String id = Api.as(subjectId).body("{\"type\":\"ERASURE\",\"language\":\"en\",\"contactEmail\":\"" + address + "\"}")
                .post("/requests").then().statusCode(201).extract().path("id");
        Api.approve(id).statusCode(200).body("status", equalTo("IN_PROGRESS"));
        UUID orderId = (UUID) Api.sqlValue("select erasure_order_id from data_subject_request where id = ?1", UUID.fromString(id));
        ErasureEvents erasures = new ErasureEvents(kafka, WAIT);
        Instant now = Instant.now();
        for (String system : List.of("consent", "retention", "stripe", "openai", "account-database")) {
            erasures.publish(confirmation(orderId, id, system, List.of(
                    new Evidence("record", "1", "delete", "deleted", "read back: absent")), null, now));
        }
        erasures.publish(confirmation(orderId, id, "hubspot", List.of(new Evidence("contact", "901", "gdpr-delete",
                        "resolved-manually", "resolved manually by dpo-1; category: erased-in-partner-console; note: GDPR tool")),
                List.of(new ManualResolution("contact", "901", "erased-in-partner-console", "OPS-1234", "dpo-1", now)), now));
        await().atMost(WAIT).untilAsserted(() -> Api.view(id).body("status", equalTo("COMPLETED")));

        Api.officer().get("/requests/{id}/receipt", id).then().statusCode(200)
                .body("systems.find { it.system == 'hubspot' }.outcome", equalTo("RESOLVED_BY_HAND"))
                .body("systems.find { it.system == 'hubspot' }.categories", contains("erased-in-partner-console"))
                .body("systems.find { it.system == 'hubspot' }.resolvedByHand[0].evidenceReference", equalTo("OPS-1234"))
                .body("systems.find { it.system == 'hubspot' }.resolvedByHand[0].resolvedBy", equalTo("dpo-1"))
                .body("registeredSystems.find { it.system == 'hubspot' }.status", equalTo("RESOLVED_BY_HAND"))
                .body("systems.find { it.system == 'stripe' }.outcome", equalTo("ERASED"));
        Api.as(subjectId).get("/requests/{id}/receipt", id).then().statusCode(200)
                .body("systems.find { it.system == 'hubspot' }.outcome", equalTo("RESOLVED_BY_HAND"));
        Api.view(id).body("history.note", hasItem("hubspot RESOLVED_BY_HAND (erased-in-partner-console) for order " + orderId));

        String page = given().get(QuarkusTransaction.requiringNew().call(() -> personLinks.issue(
                DataSubjectRequest.lock(UUID.fromString(id)).orElseThrow(), DataSubjectRequest.SYSTEM_ACTOR)).url().getPath())
                .then().statusCode(200).extract().asString();
        String hubspotRow = page.substring(page.indexOf("<th scope=\"row\">hubspot</th>"));
        hubspotRow = hubspotRow.substring(0, hubspotRow.indexOf("</tr>"));
        assertTrue(hubspotRow.contains("Resolved by hand by the data protection officer")
                && hubspotRow.replace("&#39;", "'").contains("erased by us in the partner's console"), hubspotRow);
        assertFalse(hubspotRow.contains(">Erased<"), hubspotRow);

        Api.sendNotifications(id);
        String completion = null;
        for (MimeMessage mail : MailTestResource.to(address)) {
            String text = text(mail.getContent());
            if (text.contains("hubspot:")) {
                completion = text;
            }
        }
        assertTrue(completion != null && completion.contains("hubspot: RESOLVED_BY_HAND (erased-in-partner-console)"), completion);
        assertFalse(completion.contains("hubspot: ERASED"), completion);
    }

    private ErasureConfirmed confirmation(UUID orderId, String requestId, String system, List<Evidence> evidence,
                                          List<ManualResolution> byHand, Instant at) {
        return new ErasureConfirmed(orderId, UUID.fromString(requestId), subjectId, system, ErasureOutcome.ERASED, evidence,
                List.of(), List.of(), at, byHand);
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
}
