package io.privacyplatform.retention.datastore;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.privacyplatform.launchers.TokenIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Stands in for request-service's {@code GET /requests/{id}/rectification} (WireMock) behind the launchers' real
 * {@link TokenIssuer}, which gives retention-service its service token by the client credentials grant. A test stubs
 * the values of its own request; an unknown request gets 404, a call without a bearer token matches no stub (404).
 */
public final class RequestServiceStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "retention-service";
    static final String CLIENT_SECRET = "retention-service-test-secret";

    /** Marks the test's {@link RequestServiceStub} field, which the resource sets. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    private TokenIssuer issuer;
    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        try {
            issuer = TokenIssuer.start(Files.createTempDirectory("retention-issuer"), 0)
                    .registerClient(CLIENT_ID, CLIENT_SECRET, Set.of("rectification-reader"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching("/requests/.*")).atPriority(100)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":404,\"title\":\"Not Found\"}")));
        return Map.of(
                "quarkus.rest-client.request-service.url", server.baseUrl(),
                "quarkus.oidc-client.auth-server-url", issuer.issuerUrl(),
                "quarkus.oidc-client.client-id", CLIENT_ID,
                "quarkus.oidc-client.credentials.secret", CLIENT_SECRET);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(Inject.class, RequestServiceStub.class));
    }

    /** request-service's values for {@code requestId}: {@code corrections} is the JSON array of {field, value}. */
    void values(UUID requestId, UUID orderId, String subjectId, String corrections) {
        answer(requestId, 200, "{\"requestId\":\"" + requestId + "\",\"orderId\":\"" + orderId + "\",\"subjectId\":\""
                + subjectId + "\",\"corrections\":" + corrections + "}");
    }

    /** Any answer for {@code requestId} (e.g. 409 not approved yet); it replaces the previous one. */
    void answer(UUID requestId, int status, String body) {
        server.stubFor(get(urlPathEqualTo("/requests/" + requestId + "/rectification")).atPriority(1)
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** The Authorization headers request-service received for {@code requestId}. */
    List<String> authorizations(UUID requestId) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/requests/" + requestId + "/rectification"))).stream()
                .map(r -> r.getHeader("Authorization")).toList();
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
}
