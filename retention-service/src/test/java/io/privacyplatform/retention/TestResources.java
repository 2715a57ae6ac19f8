package io.privacyplatform.retention;

import io.privacyplatform.testkit.PlatformTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The real infrastructure of this module's tests, started once per test JVM: Kafka (KRaft, own JVM),
 * PostgreSQL, and the OIDC test server that signs the bearer tokens.
 */
@QuarkusTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "retention_service"),
        @ResourceArg(name = "topics", value = "erasure-ordered,erasure-confirmed,request-filed,consent-changed,"
                + "rectification-ordered,restriction-changed,order-confirmed,consent-lapsed,dead-letter.retention-service")})
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class TestResources {

    private TestResources() {
    }
}
