package io.privacyplatform.request;

import io.privacyplatform.testkit.PlatformTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The real infrastructure of this module's tests, started once per test JVM: Kafka (KRaft, own JVM),
 * PostgreSQL, the OIDC test server that signs the bearer tokens, an SMTP server (GreenMail), and the three services
 * an export reads with their token issuer ({@link ExportPeers}).
 */
@QuarkusTestResource(value = PlatformTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "request_service"),
        @ResourceArg(name = "topics", value = "request-filed,erasure-ordered,erasure-confirmed,rectification-ordered,restriction-changed,order-confirmed,dead-letter.request-service")})
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(MailTestResource.class)
@QuarkusTestResource(ExportPeers.class)
public final class TestResources {

    private TestResources() {
    }
}
