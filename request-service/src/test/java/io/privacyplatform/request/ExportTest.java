package io.privacyplatform.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.testkit.Problems.problem;
import static io.privacyplatform.request.Api.sql;
import static io.privacyplatform.request.Api.view;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access and portability exports through the real stack: approval starts the job, the worker reads the three other
 * services (stubbed, with the real token issuer) with request-service's service token, the document is assembled
 * only when every slice is in, and the subject downloads it through an expiring link.
 */
@QuarkusTest
class ExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String newSubject() {
        return "ds-export-" + UUID.randomUUID();
    }

    private static JsonPath status(String subjectId, String id) {
        return as(subjectId).get("/requests/{id}/export/status", id).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitReady(String subjectId, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "READY".equals(status(subjectId, id).getString("status")));
    }

    private static String link(String subjectId, String id) {
        return as(subjectId).post("/requests/{id}/export/link", id).then().statusCode(201)
                .body("href", startsWith("/requests/" + id + "/export?format=json&token="))
                .extract().path("href");
    }

    private static String token(String href) {
        return href.substring(href.indexOf("token=") + "token=".length());
    }

    private static Set<ValidationMessage> validate(String schemaPath, JsonNode document) throws Exception {
        String schema = given().get(schemaPath).then().statusCode(200).extract().asString();
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema compiled = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(schema), config);
        return compiled.validate(document);
    }

    @Test
    void accessExportHoldsEverySliceAndTheRegisterAndMatchesItsSchema() throws Exception {
        String subjectId = newSubject();
        ExportPeers.everySlice(subjectId);
        String earlier = file(subjectId, "{\"type\":\"ERASURE\",\"details\":\"my old account\"}");
        String id = file(subjectId, "{\"type\":\"ACCESS\",\"details\":\"everything you hold\"}");
        approve(id).statusCode(200);

        awaitReady(subjectId, id);
        view(id).body("status", equalTo("COMPLETED"))
                .body("history.kind", hasItem("EXPORT_READY"))
                .body("notices.kind", hasItem("EXPORT_READY"));

        String body = as(subjectId).queryParam("format", "json").queryParam("token", token(link(subjectId, id)))
                .get("/requests/{id}/export", id).then().statusCode(200).extract().asString();
        JsonNode document = JSON.readTree(body);
        Set<ValidationMessage> errors = validate("/schemas/access-export.v1.json", document);
        assertTrue(errors.isEmpty(), () -> "schema violations: " + errors);
        // The schema does catch a partial document.
        JsonNode partial = document.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) partial).remove("partners");
        assertFalse(validate("/schemas/access-export.v1.json", partial).isEmpty());

        assertEquals(subjectId, document.path("subjectId").asText());
        List<String> requestIds = document.path("requests").findValuesAsText("requestId");
        assertTrue(requestIds.containsAll(List.of(earlier, id)), "both requests of the subject: " + requestIds);
        assertEquals("my old account", document.path("requests").get(0).path("details").path("details").asText());
        assertEquals("checkbox", document.path("consents").path("ledger").get(0).path("evidence").asText());
        assertEquals("3 years after the last activity", document.path("retention").path("held").get(0).path("why").asText());
        assertEquals("ada@example.test", document.path("retention").path("datastores").get(0).path("tables")
                .path("accounts").get(0).path("email").asText(), "the datastores' slice");
        assertEquals("cus_123", document.path("partners").path("processorRecords").get(0).path("objectId").asText());
        assertEquals("Ada Lovelace", document.path("partners").path("partners").get(0).path("fields").path("name").asText());
        JsonNode information = document.path("information");
        // The Art. 15 information is the register of processing itself (GET /register), not a copy that can drift.
        JsonNode register = JSON.readTree(given().accept("application/json").get("/register").then().statusCode(200).extract().asString());
        assertEquals(register.path("purposes"), information.path("purposes"));
        assertEquals(register.path("partners"), information.path("transfers"));
        assertEquals(register.path("rights"), information.path("rights"));
        assertTrue(information.path("transfers").findValuesAsText("system").containsAll(List.of("stripe", "hubspot", "openai")));
        assertTrue(information.path("transfers").toString().contains("transferSafeguard"));

        // Each service was called with request-service's own service token.
        for (String path : List.of(ExportPeers.consentPath(subjectId), ExportPeers.retentionPath(subjectId),
                ExportPeers.partnerSyncPath(subjectId))) {
            assertFalse(ExportPeers.authorizations(path).isEmpty(), path);
            ExportPeers.authorizations(path).forEach(header -> assertTrue(header.startsWith("Bearer "), path));
        }

        // The readable rendering of the same document.
        String html = as(subjectId).queryParam("format", "html").queryParam("token", token(link(subjectId, id)))
                .get("/requests/{id}/export", id).then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .extract().asString();
        assertTrue(html.contains("A copy of your data") && html.contains("marketing-email") && html.contains("cus_123"), html);
    }

    @Test
    void aDownServiceKeepsTheExportPendingNamingItThenItCompletes() {
        String subjectId = newSubject();
        ExportPeers.consent(subjectId, 200, ExportPeers.consentSlice(subjectId));
        ExportPeers.retention(subjectId, 503, "{\"status\":503}");
        // partner-sync could not read every partner yet: it says so, and the export waits for it too.
        ExportPeers.partnerSync(subjectId, 200, ExportPeers.partnerSyncSlice(subjectId, false));
        String id = file(subjectId, Api.ACCESS);
        approve(id).statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> status(subjectId, id).getList("waitingFor")
                .containsAll(List.of("retention-service (HTTP_503)", "partner-sync-service (INCOMPLETE)")));
        JsonPath pending = status(subjectId, id);
        assertEquals("PENDING", pending.getString("status"));
        assertEquals("RECEIVED", pending.getString("slices.find { it.service == 'consent-service' }.status"));
        as(subjectId).get("/requests/{id}", id).then().statusCode(200)
                .body("status", equalTo("IN_PROGRESS"))
                .body("notices.find { it.kind == 'EXPORT_PENDING' }.text", containsString("retention-service (HTTP_503)"));
        // Nothing to download while it is pending: never a partial export.
        problem(as(subjectId).post("/requests/{id}/export/link", id).then(), 409);

        ExportPeers.retention(subjectId, 200, ExportPeers.retentionSlice(subjectId));
        ExportPeers.partnerSync(subjectId, 200, ExportPeers.partnerSyncSlice(subjectId, true));
        awaitReady(subjectId, id);
        view(id).body("status", equalTo("COMPLETED"));
    }

    @Test
    void aMalformedSliceKeepsTheExportPendingAndTellsTheOfficerWhichService() {
        String subjectId = newSubject();
        ExportPeers.consent(subjectId, 200, "{\"subjectId\":\"" + subjectId + "\",\"ledger\":\"not a list\"");
        ExportPeers.retention(subjectId, 200, ExportPeers.retentionSlice(subjectId));
        ExportPeers.partnerSync(subjectId, 200, ExportPeers.partnerSyncSlice(subjectId, true));
        String id = file(subjectId, Api.ACCESS);
        approve(id).statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> status(subjectId, id).getList("waitingFor")
                .equals(List.of("consent-service (MALFORMED)")));
        view(id).body("status", equalTo("IN_PROGRESS"))
                .body("attention.reason", equalTo("export waiting: consent-service answered MALFORMED"))
                .body("history.kind", hasItem("ATTENTION"));
        officer().get("/requests/attention?size=200").then().statusCode(200).body("items.id", hasItem(id));
        officer().get("/requests/exports/pending").then().statusCode(200)
                .body("find { it.requestId == '" + id + "' }.waitingFor", equalTo(List.of("consent-service (MALFORMED)")));
        problem(as(subjectId).get("/requests/exports/pending").then(), 403);

        // Another subject's data is no better than garbage.
        int attempts = status(subjectId, id).getInt("slices.find { it.service == 'consent-service' }.attempts");
        ExportPeers.consent(subjectId, 200, ExportPeers.consentSlice("someone-else"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(subjectId, id)
                .getInt("slices.find { it.service == 'consent-service' }.attempts") > attempts + 1);
        assertEquals(List.of("consent-service (MALFORMED)"), status(subjectId, id).getList("waitingFor"));
        ExportPeers.consent(subjectId, 200, ExportPeers.consentSlice(subjectId));
        awaitReady(subjectId, id);
        view(id).body("status", equalTo("COMPLETED")).body("attention", equalTo(null));
    }

    @Test
    void portabilityExportInJsonAndCsvFollowsItsSchema() throws Exception {
        String subjectId = newSubject();
        ExportPeers.everySlice(subjectId);
        String id = file(subjectId, "{\"type\":\"PORTABILITY\"}");
        approve(id).statusCode(200);
        awaitReady(subjectId, id);
        String token = token(link(subjectId, id));

        JsonNode document = JSON.readTree(as(subjectId).queryParam("format", "json").queryParam("token", token)
                .get("/requests/{id}/export", id).then().statusCode(200).extract().asString());
        Set<ValidationMessage> errors = validate("/schemas/portability-export.v1.json", document);
        assertTrue(errors.isEmpty(), () -> "schema violations: " + errors);
        assertEquals("marketing-email", document.path("consents").get(0).path("purpose").asText());
        assertEquals("identity;contact", document.path("inventory").get(0).path("dataCategories").asText());
        assertTrue(document.path("partnerData").toString().contains("\"field\":\"email\",\"value\":\"ada@example.test\""));
        assertTrue(document.path("datastoreData").toString().contains("{\"datastore\":\"account-database\",\"table\":\"orders\","
                + "\"record\":1,\"field\":\"amount_cents\",\"value\":\"4200\"}"), document.path("datastoreData").toString());

        String csv = as(subjectId).queryParam("format", "csv").queryParam("token", token)
                .get("/requests/{id}/export", id).then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();
        List<String> lines = Arrays.asList(csv.split("\r\n"));
        assertEquals("table,record,field,value", lines.get(0));
        assertTrue(lines.contains("partnerData,1,value,ada@example.test"), csv);
        assertTrue(lines.contains("consents,1,purpose,marketing-email"), csv);
        assertTrue(lines.contains("export,1,kind,PORTABILITY"), csv);
        assertTrue(lines.stream().skip(1).allMatch(l -> l.split(",", -1).length >= 4), "every row has 4 columns");
    }

    @Test
    void onlyTheSubjectOrTheOfficerDownloadsThroughALinkThatExpiresAndEveryDownloadIsAudited() {
        String owner = newSubject();
        String stranger = newSubject();
        ExportPeers.everySlice(owner);
        String id = file(owner, Api.ACCESS);
        approve(id).statusCode(200);
        awaitReady(owner, id);
        String token = token(link(owner, id));

        // Another subject: the same 404 as for a request that does not exist.
        problem(as(stranger).get("/requests/{id}/export/status", id).then(), 404);
        problem(as(stranger).post("/requests/{id}/export/link", id).then(), 404);
        problem(as(stranger).queryParam("token", token).get("/requests/{id}/export", id).then(), 404);
        problem(as(owner).queryParam("token", "guessed").get("/requests/{id}/export", id).then(), 404);
        problem(as(owner).queryParam("format", "pdf").queryParam("token", token).get("/requests/{id}/export", id).then(), 400)
                .body("errors[0].field", equalTo("format"));

        as(owner).queryParam("token", token).get("/requests/{id}/export", id).then().statusCode(200);
        String officerToken = token(officer().post("/requests/{id}/export/link", id).then().statusCode(201).extract().path("href"));
        officer().queryParam("format", "csv").queryParam("token", officerToken).get("/requests/{id}/export", id).then().statusCode(200);
        // The officer's new link replaced the owner's.
        problem(as(owner).queryParam("token", token).get("/requests/{id}/export", id).then(), 404);

        view(id).body("history.findAll { it.kind == 'EXPORT_DOWNLOADED' }.actor", equalTo(List.of(owner, "dpo-1")))
                .body("history.findAll { it.kind == 'EXPORT_DOWNLOADED' }.note", equalTo(List.of("format json", "format csv")));

        sql("update export_job set link_expires_at = now() - interval '1 minute' where request_id = ?1", UUID.fromString(id));
        problem(officer().queryParam("token", officerToken).get("/requests/{id}/export", id).then(), 410)
                .body("detail", containsString("expired"));
        // A new link works again.
        as(owner).queryParam("token", token(link(owner, id))).get("/requests/{id}/export", id).then().statusCode(200);
    }

    @Test
    void aWithdrawnRequestGetsNoExport() {
        String subjectId = newSubject();
        ExportPeers.consent(subjectId, 503, "{}");
        String id = file(subjectId, Api.ACCESS);
        approve(id).statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(subjectId, id).getList("waitingFor").contains("consent-service (HTTP_503)"));
        as(subjectId).post("/requests/{id}/withdraw", id).then().statusCode(200);
        ExportPeers.everySlice(subjectId);

        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status(subjectId, id).getString("status")));
        problem(as(subjectId).post("/requests/{id}/export/link", id).then(), 409);
        view(id).body("status", equalTo("WITHDRAWN"));
    }
}
