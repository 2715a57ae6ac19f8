package io.privacyplatform.testkit;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens for a {@code @QuarkusTest}, signed by the OIDC test server ({@link OidcWiremockTestResource}) that
 * every service's tests start: the subject is the token's {@code sub} (and user name), the role is in
 * {@code groups}.
 * <p>
 * The role names are those of {@code io.privacyplatform.support.security.Roles}, written out here because
 * test-kit does not depend on platform-support. A test calling an endpoint with one of these tokens fails
 * with 401 or 403 if the two ever disagree.
 */
public final class TestTokens {

    public static final String DATA_SUBJECT = "data-subject";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String OPERATOR = "operator";
    public static final String PLATFORM = "platform";

    /** The privacy officer's {@code sub}: it shows up as the actor of what they do. */
    public static final String PRIVACY_OFFICER_ID = "dpo-1";
    /** The {@code sub} of the platform backend calling the services for the product. */
    public static final String PLATFORM_CLIENT_ID = "svc-web";

    /** Audience of the tokens the OIDC test server issues by default. */
    public static final String AUDIENCE = "https://server.example.com";

    /** The realm's client a person signs in through on the product's frontends (claim {@code azp}). */
    public static final String FRONTEND_CLIENT = "privacy-frontend";
    /** The realm's client of the privacy officer's console (claim {@code azp}). */
    public static final String CONSOLE_CLIENT = "privacy-console";

    /** The data subject's own token: the subject id is the token's {@code sub}. */
    public static String dataSubject(String subjectId) {
        return token(subjectId, DATA_SUBJECT);
    }

    public static String privacyOfficer() {
        return token(PRIVACY_OFFICER_ID, PRIVACY_OFFICER);
    }

    public static String platform() {
        return token(PLATFORM_CLIENT_ID, PLATFORM);
    }

    /** A token of the client that usually carries {@code role}: the frontend's for a data subject, else the console's. */
    public static String token(String subject, String role) {
        return token(subject, role, DATA_SUBJECT.equals(role) ? FRONTEND_CLIENT : CONSOLE_CLIENT);
    }

    /** A token issued to {@code client} (claim {@code azp}, as Keycloak sets it), for {@code subject} with {@code role}. */
    public static String token(String subject, String role, String client) {
        return OidcWiremockTestResource.generateJwtToken(subject, Set.of(role), subject, null, Set.of(AUDIENCE),
                Map.of("azp", client));
    }

    /**
     * A token as a real identity provider issues it: besides the {@code sub}, the user name is the email
     * address and the name is there too. None of it but the {@code sub} may end up stored or on Kafka.
     */
    public static String withIdentity(String subject, String role, String email, String name) {
        return OidcWiremockTestResource.generateJwtToken(email, Set.of(role), subject, null, Set.of(AUDIENCE),
                Map.of("email", email, "name", name, "azp", DATA_SUBJECT.equals(role) ? FRONTEND_CLIENT : CONSOLE_CLIENT));
    }

    private TestTokens() {
    }
}
