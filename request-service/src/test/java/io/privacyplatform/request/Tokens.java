package io.privacyplatform.request;

import io.privacyplatform.support.security.Roles;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.util.Set;

/** Bearer tokens signed by the OIDC test server; the subject id is the token's sub. */
public final class Tokens {

    public static String dataSubject(String subjectId) {
        return token(subjectId, Roles.DATA_SUBJECT);
    }

    public static String privacyOfficer() {
        return token("dpo-1", Roles.PRIVACY_OFFICER);
    }

    public static String token(String subject, String role) {
        return OidcWiremockTestResource.generateJwtToken(subject, Set.of(role), subject);
    }

    private Tokens() {
    }
}
