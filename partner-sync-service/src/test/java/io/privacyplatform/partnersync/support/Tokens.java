package io.privacyplatform.partnersync.support;

import io.privacyplatform.support.security.Roles;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.util.Set;

/** Bearer tokens signed by the OIDC stub, roles in {@code groups}. */
public final class Tokens {

    private Tokens() {
    }

    public static String platform() {
        return OidcWiremockTestResource.getAccessToken("product-backend", Set.of(Roles.PLATFORM));
    }

    public static String privacyOfficer() {
        return OidcWiremockTestResource.getAccessToken("dpo", Set.of(Roles.PRIVACY_OFFICER));
    }

    public static String dataSubject() {
        return OidcWiremockTestResource.getAccessToken("someone", Set.of(Roles.DATA_SUBJECT));
    }
}
