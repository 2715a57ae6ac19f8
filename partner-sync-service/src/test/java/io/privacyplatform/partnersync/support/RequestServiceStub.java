package io.privacyplatform.partnersync.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.privacyplatform.launchers.TokenIssuer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Stands in for request-service's {@code GET /requests/{id}/rectification} and for an owning service's "subject
 * contact" endpoint {@code GET /subjects/{id}/contact} (WireMock), behind the real launchers'
 * {@link TokenIssuer}, which gives partner-sync its service token by the client credentials grant. Each test stubs the
 * values of its own request; a request without a bearer token gets 401, an unknown request 404.
 */
public final class RequestServiceStub implements AutoCloseable {

    public static final String CLIENT_ID = "partner-sync-service";
    public static final String CLIENT_SECRET = "partner-sync-test-secret";

    private final TokenIssuer issuer;
    private final WireMockServer server;

    private RequestServiceStub(TokenIssuer issuer, WireMockServer server) {
        this.issuer = issuer;
        this.server = server;
    }

    static RequestServiceStub start() {
        Path keyDir;
        try {
            keyDir = Files.createTempDirectory("partner-sync-issuer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TokenIssuer issuer = TokenIssuer.start(keyDir, 0).registerClient(CLIENT_ID, CLIENT_SECRET, Set.of("rectification-reader", "contact-reader"));
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching("/subjects/.*")).atPriority(100)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":404,\"title\":\"Not Found\"}")));
        server.stubFor(get(urlPathMatching("/requests/.*")).atPriority(100)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":404,\"title\":\"Not Found\"}")));
        return new RequestServiceStub(issuer, server);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public String issuerUrl() {
        return issuer.issuerUrl();
    }

    /** request-service's answer for {@code requestId}: {@code corrections} is the JSON array of {field, value}. */
    public void values(UUID requestId, UUID orderId, String subjectId, String corrections) {
        answer(requestId, 200, "{\"requestId\":\"" + requestId + "\",\"orderId\":\"" + orderId + "\",\"subjectId\":\""
                + subjectId + "\",\"corrections\":" + corrections + "}");
    }

    /** Any answer for {@code requestId} (e.g. 409 not approved, 503). Only a request with a bearer token matches. */
    public void answer(UUID requestId, int status, String body) {
        server.stubFor(get(urlPathEqualTo("/requests/" + requestId + "/rectification")).atPriority(1)
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /**
     * The owning service's "subject contact" answer for {@code subjectId} (email lookup): {@code emails} as JSON array.
     * Only a request with a bearer token matches.
     */
    public void contact(String subjectId, String emailsJson) {
        server.stubFor(get(urlPathEqualTo("/subjects/" + subjectId + "/contact")).atPriority(1)
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"subjectId\":\"" + subjectId + "\",\"emails\":" + emailsJson + "}")));
    }

    public int contactCalls(String subjectId) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/subjects/" + subjectId + "/contact"))).size();
    }

    /** The Authorization headers request-service received for {@code requestId}. */
    public List<String> authorizations(UUID requestId) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/requests/" + requestId + "/rectification"))).stream()
                .map(r -> r.getHeader("Authorization")).collect(Collectors.toList());
    }

    public int calls(UUID requestId) {
        return authorizations(requestId).size();
    }

    /** Every call request-service received (for "nothing else was read" checks). */
    public List<ServeEvent> served() {
        return server.getAllServeEvents();
    }

    @Override
    public void close() {
        server.stop();
        issuer.close();
    }
}
