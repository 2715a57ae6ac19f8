package io.privacyplatform.partnersync.support;

import io.privacyplatform.sandbox.PartnerSandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Runs the Stripe, HubSpot and OpenAI stubs of partner-sandbox for the tests and points the REST clients at
 * them, with test API keys.
 */
public class PartnerSandboxResource implements QuarkusTestResourceLifecycleManager {

    public static final String STRIPE_KEY = "sk_test_partner_sync";
    public static final String HUBSPOT_KEY = "pat-test-partner-sync";
    public static final String OPENAI_KEY = "sk-test-partner-sync";

    private PartnerSandbox sandbox;

    @Override
    public Map<String, String> start() {
        sandbox = PartnerSandbox.start(0, 0, 0);
        return Map.of(
                "quarkus.rest-client.stripe.url", sandbox.stripeBaseUrl(),
                "quarkus.rest-client.hubspot.url", sandbox.hubspotBaseUrl(),
                "quarkus.rest-client.openai.url", sandbox.openaiBaseUrl(),
                "partners.stripe.api-key", STRIPE_KEY,
                "partners.hubspot.api-key", HUBSPOT_KEY,
                "partners.openai.api-key", OPENAI_KEY);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(sandbox,
                new TestInjector.AnnotatedAndMatchesType(InjectPartnerSandbox.class, PartnerSandbox.class));
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
