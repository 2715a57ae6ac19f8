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

    @Override
    public Map<String, String> start() {
        sandbox = PartnerSandbox.start(0, 0, 0);
        proxies = PartnerProxies.start(sandbox);
        return Map.of(
                "quarkus.rest-client.stripe.url", proxies.baseUrl(Partner.STRIPE),
                "quarkus.rest-client.hubspot.url", proxies.baseUrl(Partner.HUBSPOT),
                "quarkus.rest-client.openai.url", proxies.baseUrl(Partner.OPENAI),
                "partners.stripe.api-key", STRIPE_KEY,
                "partners.hubspot.api-key", HUBSPOT_KEY,
                "partners.openai.api-key", OPENAI_KEY);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(sandbox,
                new TestInjector.AnnotatedAndMatchesType(InjectPartnerSandbox.class, PartnerSandbox.class));
        testInjector.injectIntoFields(proxies,
                new TestInjector.AnnotatedAndMatchesType(InjectPartnerSandbox.class, PartnerProxies.class));
    }

    @Override
    public void stop() {
        if (proxies != null) {
            proxies.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
