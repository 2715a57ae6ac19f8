package io.privacyplatform.request;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.privacyplatform.launchers.TokenIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Stands in for the three services an export reads (consent-service, retention-service, partner-sync-service; one
 * WireMock, one path prefix each) behind the real {@link TokenIssuer} of infra/launchers, which gives request-service its
 * service token by the client credentials grant. Only calls with a bearer token match a stub; anything not stubbed
 * answers 404. Each test stubs its own subject's slices.
 */
public final class ExportPeers implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "request-service";
    public static final String CLIENT_SECRET = "request-service-test-secret";
    static final String CONSENT = "/consent";
    static final String RETENTION = "/retention";
    static final String PARTNER_SYNC = "/partner-sync";

    private static TokenIssuer issuer;
    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        try {
            issuer = TokenIssuer.start(Files.createTempDirectory("request-service-issuer"), 0)
                    .registerClient(CLIENT_ID, CLIENT_SECRET, Set.of("subject-export-reader", "hold-reader", "contact-reader"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching("/.*")).atPriority(100).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404,\"title\":\"Not Found\"}")));
        // Every erasure order first asks for the subject's legal holds: none, unless a test says otherwise.
        server.stubFor(get(urlPathMatching(RETENTION + "/subjects/[^/]+/holds")).atPriority(50)
                .withHeader("Authorization", WireMock.matching("Bearer .+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"subjectId\":\"{{request.pathSegments.[2]}}\",\"holds\":[]}")
                        .withTransformers("response-template")));
        return Map.of(
                "quarkus.rest-client.consent-service.url", server.baseUrl() + CONSENT,
                "quarkus.rest-client.retention-service.url", server.baseUrl() + RETENTION,
                "quarkus.rest-client.partner-sync-service.url", server.baseUrl() + PARTNER_SYNC,
                "quarkus.oidc-client.auth-server-url", issuer.issuerUrl(),
                "quarkus.oidc-client.client-id", CLIENT_ID,
                "quarkus.oidc-client.credentials.secret", CLIENT_SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    static String consentPath(String subjectId) {
        return CONSENT + "/consents/export";
    }

    static String holdsPath(String subjectId) {
        return RETENTION + "/subjects/" + subjectId + "/holds";
    }

    /** retention-service answers the subject's legal holds with {@code body} and {@code status}. */
    static void holds(String subjectId, int status, String body) {
        answer(holdsPath(subjectId), status, body);
    }

    /** retention-service knows the account's address from the datastores' contact columns (subject-contact). */
    static void contact(String subjectId, String email) {
        answer(RETENTION + "/subjects/" + subjectId + "/contact", 200,
                "{\"subjectId\":\"" + subjectId + "\",\"emails\":[\"" + email + "\"]}");
    }

    static String retentionPath(String subjectId) {
        return RETENTION + "/subjects/" + subjectId + "/export";
    }

    static String partnerSyncPath(String subjectId) {
        return PARTNER_SYNC + "/subjects/" + subjectId + "/export";
    }

    /** consent-service answers {@code body} with {@code status} for this subject. */
    static void consent(String subjectId, int status, String body) {
        server.stubFor(get(urlPathEqualTo(consentPath(subjectId))).atPriority(1)
                .withQueryParam("subjectId", WireMock.equalTo(subjectId))
                .withHeader("Authorization", WireMock.matching("Bearer .+"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    static void retention(String subjectId, int status, String body) {
        answer(retentionPath(subjectId), status, body);
    }

    static void partnerSync(String subjectId, int status, String body) {
        answer(partnerSyncPath(subjectId), status, body);
    }

    private static void answer(String path, int status, String body) {
        server.stubFor(get(urlPathEqualTo(path)).atPriority(1)
                .withHeader("Authorization", WireMock.matching("Bearer .+"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** The Authorization headers received on {@code path}. */
    static List<String> authorizations(String path) {
        return server.findAll(getRequestedFor(urlPathEqualTo(path))).stream().map(r -> r.getHeader("Authorization")).toList();
    }

    static int calls(String path) {
        return server.findAll(getRequestedFor(urlPathEqualTo(path))).size();
    }

    /** A subject's three slices, as the services answer them, with data in every one. */
    static void everySlice(String subjectId) {
        consent(subjectId, 200, consentSlice(subjectId));
        retention(subjectId, 200, retentionSlice(subjectId));
        partnerSync(subjectId, 200, partnerSyncSlice(subjectId, true));
    }

    static String consentSlice(String subjectId) {
        String entry = "{\"entryId\":\"5b0c4b7e-3f3e-4a39-9d47-0c1f0e6a1a11\",\"purpose\":\"marketing-email\",\"action\":\"GRANT\","
                + "\"granted\":true,\"recordedAt\":\"2026-01-05T10:00:00Z\",\"source\":\"signup-form\",\"policyVersion\":\"2026-01\","
                + "\"noticeHash\":\"ab12\",\"recordedBy\":\"" + subjectId + "\",\"actorRole\":\"data-subject\",\"partner\":null,"
                + "\"evidence\":\"checkbox\",\"requestId\":null}";
        return "{\"subjectId\":\"" + subjectId + "\",\"system\":\"consent\",\"exportedAt\":\"2026-11-26T10:00:00Z\","
                + "\"ledger\":[" + entry + "],\"current\":[" + entry + "],\"notices\":[{\"purpose\":\"marketing-email\","
                + "\"policyVersion\":\"2026-01\",\"language\":\"fr\",\"title\":\"Newsletter\",\"text\":\"Recevoir nos offres\"}],"
                + "\"restrictions\":[],\"unsubscribeLinks\":[]}";
    }

    static String retentionSlice(String subjectId) {
        return "{\"subjectId\":\"" + subjectId + "\",\"system\":\"retention\",\"generatedAt\":\"2026-11-26T10:00:00Z\","
                + "\"policyVersion\":\"2026-01\",\"erasureAt\":\"2029-11-26T10:00:00Z\",\"held\":[{\"purpose\":\"account\","
                + "\"title\":\"Account management\",\"legalBasis\":\"CONTRACT\",\"dataCategories\":[\"identity\",\"contact\"],"
                + "\"source\":\"the subject\",\"heldSince\":\"2026-01-05T10:00:00Z\",\"heldUntil\":\"2029-11-26T10:00:00Z\","
                + "\"why\":\"3 years after the last activity\",\"policySection\":\"4\"}],\"connectionLogs\":[],"
                + "\"datastores\":[{\"datastore\":\"account-database\",\"tables\":{\"accounts\":[{\"subject_id\":\"" + subjectId
                + "\",\"email\":\"ada@example.test\"}],\"orders\":[{\"invoice_number\":\"INV-1\",\"amount_cents\":4200}]}}]}";
    }

    static String partnerSyncSlice(String subjectId, boolean complete) {
        return "{\"subjectId\":\"" + subjectId + "\",\"generatedAt\":\"2026-11-26T10:00:00Z\",\"processorRecords\":[{\"partner\":\"stripe\","
                + "\"objectType\":\"customer\",\"objectId\":\"cus_123\",\"purpose\":\"billing\",\"createdAt\":\"2026-01-05T10:00:00Z\","
                + "\"source\":\"checkout\",\"erasedAt\":null}],\"partners\":[{\"partner\":\"stripe\",\"objectType\":\"customer\","
                + "\"objectId\":\"cus_123\",\"status\":\"" + (complete ? "FOUND" : "UNAVAILABLE") + "\",\"fields\":"
                + (complete ? "{\"email\":\"ada@example.test\",\"name\":\"Ada Lovelace\"}" : "{}")
                + ",\"retrievedAt\":\"2026-11-26T10:00:00Z\"}],\"complete\":" + complete + ",\"notices\":[]}";
    }
}
