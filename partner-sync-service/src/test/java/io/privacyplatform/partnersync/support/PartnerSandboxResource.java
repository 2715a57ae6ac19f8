package io.privacyplatform.partnersync.support;

import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.PartnerSandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Runs the Stripe, HubSpot and OpenAI stubs of partner-sandbox for the tests, with a {@link PartnerProxies} proxy in
 * front of each (for faults the sandbox cannot produce), and points the REST clients at the proxies, with test API
 * keys.
 */
public class PartnerSandboxResource implements QuarkusTestResourceLifecycleManager {

    public static final String STRIPE_KEY = "sk_test_partner_sync";
    public static final String HUBSPOT_KEY = "pat-test-partner-sync";
    public static final String OPENAI_KEY = "sk-test-partner-sync";

    private PartnerSandbox sandbox;
    private PartnerProxies proxies;
    private RequestServiceStub requestService;

    @Override
    public Map<String, String> start() {
        sandbox = PartnerSandbox.start(0, 0, 0);
        proxies = PartnerProxies.start(sandbox);
        requestService = RequestServiceStub.start();
        return Map.ofEntries(
                Map.entry("quarkus.rest-client.stripe.url", proxies.baseUrl(Partner.STRIPE)),
                Map.entry("quarkus.rest-client.hubspot.url", proxies.baseUrl(Partner.HUBSPOT)),
                Map.entry("quarkus.rest-client.openai.url", proxies.baseUrl(Partner.OPENAI)),
                Map.entry("partners.stripe.api-key", STRIPE_KEY),
                Map.entry("partners.hubspot.api-key", HUBSPOT_KEY),
                Map.entry("partners.openai.api-key", OPENAI_KEY),
                // Rectification values: request-service stub, service token from the launchers' issuer.
                Map.entry("quarkus.rest-client.request-service.url", requestService.baseUrl()),
                Map.entry("quarkus.rest-client.subject-contact.url", requestService.baseUrl()),
                Map.entry("quarkus.oidc-client.auth-server-url", requestService.issuerUrl()),
                Map.entry("quarkus.oidc-client.client-id", RequestServiceStub.CLIENT_ID),
                Map.entry("quarkus.oidc-client.credentials.secret", RequestServiceStub.CLIENT_SECRET));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(sandbox,
                new TestInjector.AnnotatedAndMatchesType(InjectPartnerSandbox.class, PartnerSandbox.class));
        testInjector.injectIntoFields(proxies,
                new TestInjector.AnnotatedAndMatchesType(InjectPartnerSandbox.class, PartnerProxies.class));
        testInjector.injectIntoFields(requestService,
                new TestInjector.AnnotatedAndMatchesType(InjectPartnerSandbox.class, RequestServiceStub.class));
    }

    @Override
    public void stop() {
        if (requestService != null) {
            requestService.close();
        }
        if (proxies != null) {
            proxies.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
