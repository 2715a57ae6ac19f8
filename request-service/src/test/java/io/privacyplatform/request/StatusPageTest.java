package io.privacyplatform.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.request.service.PersonLinks;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.rectificationReader;
import static io.privacyplatform.request.Api.view;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The person without an account (issue 14, item 2): a person's link opens the status page of its one request and
 * downloads its export, with no token; unknown, forged, expired and revoked links get a page saying what to do; the
 * officer lists and revokes the links. Links are issued as a mail issues them ({@link PersonLinks#issue}); only the
 * link's path is used (the test port is random).
 */
@QuarkusTest
class StatusPageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Inject
    PersonLinks personLinks;

    @Inject
    TestClock clock;

    private final String subjectId = "usr-status-" + UUID.randomUUID();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A link to the request, as the mail of a step would carry; returns it with its path. */
    private PersonLinks.Link issue(String requestId) {
        return QuarkusTransaction.requiringNew().call(() -> personLinks.issue(
                DataSubjectRequest.lock(UUID.fromString(requestId)).orElseThrow(), "system:request-service"));
    }

    private String linkPath(String requestId) {
        return issue(requestId).url().getPath();
    }

    /** A date as French writes it: "1er mars 2027", "2 mars 2027". */
    private static String french(LocalDate date) {
        return (date.getDayOfMonth() == 1 ? "1er" : String.valueOf(date.getDayOfMonth())) + " "
                + DateTimeFormatter.ofPattern("MMMM uuuu", Locale.FRENCH).format(date);
    }

    private static ExtractableResponse<Response> page(String path, int status) {
        return given().get(path).then().statusCode(status).contentType(containsString("text/html"))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", containsString("noindex"))
                .header("Content-Security-Policy", startsWith("default-src 'none'; style-src 'sha256-"))
                .header("Content-Security-Policy", not(containsString("script")))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue())
                .extract();
    }

    private static String html(String path) {
        return page(path, 200).asString();
    }

    @Test
    void thePageShowsTheRequestInFrenchByDefaultAndInEnglishOnAsking() {
        String id = file(subjectId, Api.ERASURE);
        officer().body("{\"months\":2,\"reason\":\"Nos sauvegardes doivent être vérifiées une à une.\"}")
                .post("/requests/{id}/extend", id).then().statusCode(200);
        LocalDate due = LocalDate.parse(view(id).extract().path("dueOn"));
        LocalDate firstDue = LocalDate.parse(view(id).extract().path("firstDueOn"));
        String path = linkPath(id);

        String french = html(path);
        assertTrue(french.contains("<html lang=\"fr\">"), french);
        assertTrue(french.contains("Effacement de vos données (article 17 du RGPD)"), french);
        assertTrue(french.contains("<dd>Reçue, en attente d&#39;examen par le délégué à la protection des données</dd>"), french);
        assertTrue(french.contains("<dt>Réponse au plus tard le</dt><dd>" + french(due) + "</dd>"), french);
        assertTrue(french.contains("<dt>Délai initial</dt><dd>" + french(firstDue) + "</dd>"), french);
        assertTrue(french.contains("prolongé de 2 mois"), french);
        assertTrue(french.contains("Nos sauvegardes doivent être vérifiées une à une."), french);
        assertTrue(french.contains("href=\"?lang=en\" lang=\"en\""), "the switch to English: " + french);
        assertTrue(french.contains("<main id=\"content\">") && french.contains("<nav aria-label=\"Langue\">"), french);
        assertFalse(french.contains(subjectId), "no subject id on the page");

        String english = given().queryParam("lang", "en").get(path).then().statusCode(200).extract().asString();
        assertTrue(english.contains("<html lang=\"en\">"), english);
        assertTrue(english.contains("Erasure of your data (GDPR Article 17)"), english);
        assertTrue(english.contains("Received, awaiting review by the data protection officer"), english);
        assertTrue(english.contains("<dt>Answer due by</dt><dd>" + ENGLISH.format(due) + "</dd>"), english);
        assertTrue(english.contains("extended by 2 month(s)"), english);
        assertTrue(english.contains("href=\"?lang=fr\" lang=\"fr\""), english);
        // An unknown language falls back to the default.
        assertTrue(given().queryParam("lang", "de").get(path).then().statusCode(200).extract().asString()
                .contains("<html lang=\"fr\">"));

        // No bearer token was needed, and every opening is in the request's audit trail.
        view(id).body("history.findAll { it.kind == 'PERSON_LINK_USED' }.note", everyItem(equalTo("status page")))
                .body("history.findAll { it.kind == 'PERSON_LINK_USED' }", hasSize(3));
    }

    @Test
    void aRefusalShowsItsGroundItsArticleTheOfficersTextAndTheRightToComplain() {
        String id = file(subjectId, Api.ACCESS);
        officer().body("{\"ground\":\"MANIFESTLY_EXCESSIVE\",\"text\":\"Vous avez reçu la même copie hier.\"}")
                .post("/requests/{id}/reject", id).then().statusCode(200);
        String path = linkPath(id);

        String french = html(path);
        assertTrue(french.contains("<dd>Refusée</dd>"), french);
        assertTrue(french.contains("La demande est manifestement excessive"), french);
        assertTrue(french.contains("RGPD, art. 12(5)(b)"), french);
        assertTrue(french.contains("Vous avez reçu la même copie hier."), french);
        assertTrue(french.contains("<a href=\"https://www.cnil.fr/fr/plaintes\">"), french);
        assertTrue(french.contains("recours devant le juge (articles 77 et 79 du RGPD)"), french);

        String english = given().queryParam("lang", "en").get(path).then().statusCode(200).extract().asString();
        assertTrue(english.contains("<dd>Refused</dd>") && english.contains("GDPR Art. 12(5)(b)"), english);
        assertTrue(english.contains("lodge a complaint with the CNIL") && english.contains("judicial remedy"), english);
    }

    @Test
    void aLinkOpensOnlyItsOwnRequest() {
        ExportPeers.everySlice(subjectId);
        String erasure = file(subjectId, Api.ERASURE);
        String repeat = file(subjectId, Api.ERASURE);
        String access = file(subjectId, Api.ACCESS);
        approve(access).statusCode(200);
        awaitExportReady(access);

        String repeatPage = html(linkPath(repeat));
        assertTrue(repeatPage.contains("répète une demande du même type"), "the duplicate notice: " + repeatPage);
        for (String other : List.of(erasure, access)) {
            assertFalse(repeatPage.contains(other), "another request's id on the page");
        }
        assertFalse(repeatPage.contains("/export?format="), "no export buttons on an erasure");

        // The erasure's link cannot fetch the access request's export: its own request has none.
        String erasurePath = linkPath(erasure);
        String noExport = page(erasurePath + "/export?format=json", 404).asString();
        assertTrue(noExport.contains("pas de copie de données") && noExport.contains("no copy of your data"), noExport);
        assertFalse(noExport.contains(access) || noExport.contains(subjectId), noExport);
        view(access).body("history.kind", not(hasItem("EXPORT_DOWNLOADED")));
    }

    @Test
    void forgedAlteredOrTruncatedLinksGetTheUnknownLinkPage() {
        String id = file(subjectId, Api.ACCESS);
        String path = linkPath(id);
        String token = path.substring("/status/".length());
        int dot = token.indexOf('.');
        char first = token.charAt(0);
        String altered = (first == 'A' ? 'B' : 'A') + token.substring(1);
        String alteredSignature = token.substring(0, dot + 1) + (token.charAt(dot + 1) == 'A' ? 'B' : 'A') + token.substring(dot + 2);
        String forged = UUID.randomUUID().toString().replace("-", "") + "." + UUID.randomUUID().toString().replace("-", "");

        for (String bad : List.of(altered, alteredSignature, token.substring(0, token.length() - 4), token.substring(0, dot),
                forged, "not-a-link", "x".repeat(300))) {
            String body = page("/status/" + bad, 404).asString();
            assertTrue(body.contains("Ce lien n'ouvre aucune demande") && body.contains("This link does not open any request"), body);
            assertTrue(body.contains("<html lang=\"fr\">") && body.contains("lang=\"en\""), body);
            assertFalse(body.contains("Exception") || body.contains("at io."), "no stack trace: " + body);
            page("/status/" + bad + "/export?format=csv", 404);
        }
        // A client that asks for JSON only gets problem+json.
        given().accept("application/json").get("/status/" + altered).then().statusCode(404)
                .contentType(containsString("application/problem+json")).body("title", equalTo("Unknown link"))
                .header("Cache-Control", "no-store");
        view(id).body("history.kind", not(hasItem("PERSON_LINK_USED")));
        html(path);
    }

    @Test
    void anExpiredLinkOpensTheDayBeforeAndGets410TheDayAfter() {
        String id = file(subjectId, Api.ACCESS);
        // Issued so that it expires on the first of a month (links live 60 days in tests, as by default).
        clock.moveTo(Instant.parse("2027-03-01T10:00:00Z").minus(Duration.ofDays(60)));
        PersonLinks.Link link = issue(id);
        String path = link.url().getPath();
        assertEquals(LocalDate.of(2027, 3, 1), LocalDate.ofInstant(link.expiresAt(), java.time.ZoneOffset.UTC));

        clock.moveTo(link.expiresAt().minus(Duration.ofDays(1)));
        assertTrue(html(path).contains("Il fonctionne jusqu&#39;au 1er mars 2027"), "the link's expiry on the page");
        clock.moveTo(link.expiresAt().plus(Duration.ofDays(1)));
        String expired = page(path, 410).asString();
        assertTrue(expired.contains("Ce lien a expiré") && expired.contains("This link has expired"), expired);
        assertTrue(expired.contains("dernier message"), "says what to do: " + expired);
        page(path + "/export?format=json", 410);
    }

    @Test
    void theOfficerListsAndRevokesTheLinksAndOnlyTheOfficer() {
        String id = file(subjectId, Api.ERASURE);
        String first = linkPath(id);
        String second = linkPath(id);
        html(second);
        html(second);

        String listed = officer().get("/requests/{id}/person-links", id).then().statusCode(200)
                .body("state", everyItem(equalTo("LIVE")))
                .body("opened", containsInAnyOrder(0, 2))
                .extract().asString();
        for (String path : List.of(first, second)) {
            String token = path.substring("/status/".length());
            assertFalse(listed.contains(token) || listed.contains(token.substring(0, token.indexOf('.'))), "never the token");
        }

        for (var caller : List.of(as(subjectId), rectificationReader(),
                given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)))) {
            caller.post("/requests/{id}/person-links/revoke", id).then().statusCode(403);
        }
        as(subjectId).get("/requests/{id}/person-links", id).then().statusCode(403);
        given().post("/requests/{id}/person-links/revoke", id).then().statusCode(401);
        html(first);

        officer().post("/requests/{id}/person-links/revoke", id).then().statusCode(200)
                .body("requestId", equalTo(id)).body("revoked", equalTo(2));
        for (String path : List.of(first, second)) {
            String revoked = page(path, 410).asString();
            assertTrue(revoked.contains("Ce lien a été révoqué") && revoked.contains("This link was revoked"), revoked);
        }
        officer().get("/requests/{id}/person-links", id).then().statusCode(200)
                .body("state", everyItem(equalTo("REVOKED")))
                .body("revokedBy", everyItem(equalTo(TestTokens.PRIVACY_OFFICER_ID)));
        officer().post("/requests/{id}/person-links/revoke", id).then().statusCode(200).body("revoked", equalTo(0));
        view(id).body("history.findAll { it.kind == 'PERSON_LINKS_REVOKED' }.actor", hasItem(TestTokens.PRIVACY_OFFICER_ID));

        // A link issued after the revocation works: the next mail reaches the person again.
        html(linkPath(id));

        String unknown = UUID.randomUUID().toString();
        officer().post("/requests/{id}/person-links/revoke", unknown).then().statusCode(404);
        officer().get("/requests/{id}/person-links", unknown).then().statusCode(404);
    }

    @Test
    void theExportDownloadsThroughTheLinkInEveryFormatAuditedUntilItsDocumentExpires() throws Exception {
        ExportPeers.everySlice(subjectId);
        String id = file(subjectId, Api.ACCESS);
        approve(id).statusCode(200);
        Instant readyAt = awaitExportReady(id);
        String path = linkPath(id);

        String french = html(path);
        String token = path.substring("/status/".length());
        for (String format : List.of("json", "html", "csv")) {
            assertTrue(french.contains("href=\"" + token + "/export?format=" + format + "\""), french);
        }
        assertTrue(french.contains("Télécharger (CSV, pour un tableur)"), french);
        assertTrue(html(path + "?lang=en").contains("Download (HTML, readable in a browser)"));

        JsonNode document = new ObjectMapper().readTree(given().get(path + "/export?format=json").then().statusCode(200)
                .contentType(containsString("application/json")).header("Content-Disposition", containsString("attachment"))
                .header("Cache-Control", "no-store").extract().asString());
        assertEquals(subjectId, document.path("subjectId").asText());
        assertEquals(id, document.path("requestId").asText());
        String readable = page(path + "/export?format=html", 200).asString();
        assertTrue(readable.contains("A copy of your data") && readable.contains("cus_123"), readable);
        String csv = given().get(path + "/export?format=csv").then().statusCode(200).contentType(containsString("text/csv"))
                .header("Cache-Control", "no-store").extract().asString();
        assertTrue(csv.startsWith("table,record,field,value"), csv);
        String unknownFormat = page(path + "/export?format=xml", 400).asString();
        assertTrue(unknownFormat.contains("json, html ou csv"), unknownFormat);

        view(id).body("history.findAll { it.kind == 'PERSON_LINK_USED' }.note",
                        org.hamcrest.Matchers.hasItems("export json", "export html", "export csv"))
                .body("history.findAll { it.kind == 'EXPORT_DOWNLOADED' }.note",
                        containsInAnyOrder("format json", "format html", "format csv"))
                .body("history.findAll { it.kind == 'EXPORT_DOWNLOADED' }.actor", everyItem(startsWith("person-link:")));

        // The export-document-expired rule: ready + requests.export.link-ttl (7 days) without an export link.
        Instant documentGone = readyAt.plus(Duration.ofDays(7));
        clock.moveTo(documentGone.minus(Duration.ofDays(1)));
        given().get(path + "/export?format=json").then().statusCode(200);
        clock.moveTo(documentGone.plus(Duration.ofDays(1)));
        String gone = page(path + "/export?format=json", 410).asString();
        assertTrue(gone.contains("Votre copie de données a été supprimée") && gone.contains("Your copy of your data was deleted"), gone);
        String after = html(path);
        assertTrue(after.contains("Votre copie a été supprimée") && !after.contains("/export?format="), after);
    }

    @Test
    void anExportStillBeingAssembledGetsAComeBackLaterPage() {
        ExportPeers.consent(subjectId, 200, ExportPeers.consentSlice(subjectId));
        ExportPeers.retention(subjectId, 503, "{\"status\":503}");
        ExportPeers.partnerSync(subjectId, 200, ExportPeers.partnerSyncSlice(subjectId, true));
        String id = file(subjectId, "{\"type\":\"PORTABILITY\"}");
        approve(id).statusCode(200);
        String path = linkPath(id);

        assertTrue(html(path).contains("Votre copie est en cours de préparation"));
        String pending = page(path + "/export?format=csv", 409).asString();
        assertTrue(pending.contains("pas encore prête") && pending.contains("not ready yet"), pending);
        view(id).body("history.kind", not(hasItem("EXPORT_DOWNLOADED")));
    }

    @Test
    void anErasureShowsEachSystemsPartInPlainWords() {
        String id = file(subjectId, Api.ERASURE);
        approve(id).statusCode(200);
        UUID orderId = (UUID) Api.sqlValue("select erasure_order_id from data_subject_request where id = ?1", UUID.fromString(id));
        ErasureEvents erasures = new ErasureEvents(kafka, WAIT);
        Instant now = Instant.now();
        erasures.publish(new ErasureConfirmed(orderId, UUID.fromString(id), subjectId, "consent", ErasureOutcome.ERASED,
                List.of(new Evidence("consent-records", "3 rows", "delete", "deleted", "read back: none")), List.of(), List.of(), now));
        erasures.publish(new ErasureConfirmed(orderId, UUID.fromString(id), subjectId, "stripe", ErasureOutcome.PARTIALLY_ERASED,
                List.of(new Evidence("customer", "cus_1", "DELETE /v1/customers/{id}", "deleted", "GET returned deleted=true")),
                List.of(ErasureEvents.STRIPE_BILLING_RECORDS), List.of(), now));
        erasures.publish(new ErasureConfirmed(orderId, UUID.fromString(id), subjectId, "hubspot", ErasureOutcome.NOTHING_HELD,
                List.of(new Evidence("contact", null, "search by subject", "already-absent", "no match")), List.of(), List.of(), now));
        String path = linkPath(id);

        await().atMost(WAIT).until(() -> given().get(path).then().extract().asString().contains("Aucune donnée vous concernant"));
        String french = html(path);
        assertTrue(french.contains("<th scope=\"row\">consent</th><td>Effacé</td>"), french);
        assertTrue(french.contains("<th scope=\"row\">stripe</th><td>Effacé en partie</td>"), french);
        assertTrue(french.contains("billing-records: French commercial code L123-22"), french);
        assertTrue(french.contains("<th scope=\"row\">retention</th><td>En attente de confirmation</td>"), french);
        assertFalse(french.contains("<th scope=\"row\">request</th>"), "a system the order does not concern is left out");
        String english = html(path + "?lang=en");
        assertTrue(english.contains("<td>Erased in part</td>") && english.contains("<td>Awaiting confirmation</td>"), english);
    }

    private static Instant awaitExportReady(String id) {
        await().atMost(WAIT).until(() -> "READY".equals(officer().get("/requests/{id}/export/status", id)
                .then().statusCode(200).extract().path("status")));
        return Instant.parse(officer().get("/requests/{id}/export/status", id).then().extract().path("readyAt"));
    }
}
