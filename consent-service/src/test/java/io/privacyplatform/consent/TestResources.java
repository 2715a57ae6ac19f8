package io.privacyplatform.consent;

import io.privacyplatform.testkit.PlatformTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The real infrastructure of this module's tests, started once per test JVM: Kafka (KRaft, own JVM),
 * PostgreSQL, and the OIDC test server that signs the bearer tokens.
 */
@QuarkusTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "consent_service"),
        @ResourceArg(name = "topics", value = "erasure-ordered,erasure-confirmed,consent-changed,request-filed,restriction-changed,consent-lapsed,dead-letter.consent-service")})
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class TestResources {

    private TestResources() {
    }
}
