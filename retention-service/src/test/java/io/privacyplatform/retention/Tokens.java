package io.privacyplatform.retention;

import io.privacyplatform.support.security.Roles;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.util.Map;
import java.util.Set;

/** Bearer tokens signed by the OIDC test server; the subject id is the token's sub. */
public final class Tokens {

    /** Audience of the tokens the OIDC test server issues by default. */
    private static final String AUDIENCE = "https://server.example.com";

    public static String dataSubject(String subjectId) {
        return token(subjectId, Roles.DATA_SUBJECT);
    }

    public static String privacyOfficer() {
        return token("dpo-1", Roles.PRIVACY_OFFICER);
    }

    public static String platform() {
        return token("svc-web", Roles.PLATFORM);
    }

    /**
     * A platform backend's token that also names the person operating it, as some identity providers do.
     * None of it may end up stored or on Kafka.
     */
    public static String platformWithIdentity(String email, String name) {
        return OidcWiremockTestResource.generateJwtToken(email, Set.of(Roles.PLATFORM), "svc-web", null,
                Set.of(AUDIENCE), Map.of("email", email, "name", name));
    }

    public static String token(String subject, String role) {
        return OidcWiremockTestResource.generateJwtToken(subject, Set.of(role), subject);
    }

    private Tokens() {
    }
}
