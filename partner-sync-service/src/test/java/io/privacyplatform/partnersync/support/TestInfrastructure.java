package io.privacyplatform.partnersync.support;

import io.privacyplatform.testkit.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The test resources every {@code @QuarkusTest} of this module shares (one application start): a real Kafka
 * and PostgreSQL (test-kit), the OIDC stub issuing signed tokens, and the partner sandbox.
 */
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = {
        @ResourceArg(name = PlatformTestResource.TOPICS,
                value = "erasure-ordered,erasure-confirmed,consent-changed,restriction-changed,rectification-ordered,dead-letter.partner-sync-service"),
        @ResourceArg(name = PlatformTestResource.DATABASE, value = "partner_sync")})
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PartnerSandboxResource.class, scope = TestResourceScope.GLOBAL)
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
