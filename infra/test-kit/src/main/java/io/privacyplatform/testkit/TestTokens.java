package io.privacyplatform.testkit;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens for a {@code @QuarkusTest}, signed by the OIDC test server ({@link OidcWiremockTestResource}) that
 * every service's tests start, with the claims Keycloak gives: the subject in {@code sub} (and user name), the role in
 * {@code groups}, the client the token was issued to in {@code azp}, the four services in {@code aud}.
 * <p>
 * The role names are those of {@code io.privacyplatform.support.security.Roles}, written out here because
 * test-kit does not depend on platform-support. A test calling an endpoint with one of these tokens fails
 * with 401 or 403 if the two ever disagree. The clients are those of the realm, each with the roles it may carry
 * (the services' {@code platform.security.clients}).
 */
public final class TestTokens {

    public static final String DATA_SUBJECT = "data-subject";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String OPERATOR = "operator";
    public static final String RECTIFICATION_READER = "rectification-reader";
    public static final String SUBJECT_EXPORT_READER = "subject-export-reader";
    public static final String HOLD_READER = "hold-reader";
    public static final String CONTACT_READER = "contact-reader";
    public static final String CONSENT_RECORDER = "consent-recorder";
    public static final String CONSENT_CHECKER = "consent-checker";
    public static final String UNSUBSCRIBE_LINK_ISSUER = "unsubscribe-link-issuer";
    public static final String INVENTORY_RECORDER = "inventory-recorder";
    public static final String CONNECTION_LOG_RECORDER = "connection-log-recorder";
    public static final String PROCESSOR_RECORD_RECORDER = "processor-record-recorder";
    /** Every role, the person's three first. */
    public static final List<String> ROLES = List.of(DATA_SUBJECT, PRIVACY_OFFICER, OPERATOR, RECTIFICATION_READER,
            SUBJECT_EXPORT_READER, HOLD_READER, CONTACT_READER, CONSENT_RECORDER, CONSENT_CHECKER,
            UNSUBSCRIBE_LINK_ISSUER, INVENTORY_RECORDER, CONNECTION_LOG_RECORDER, PROCESSOR_RECORD_RECORDER);

    /** The privacy officer's {@code sub}: it shows up as the actor of what they do. */
    public static final String PRIVACY_OFFICER_ID = "dpo-1";

    /** The realm's client a person signs in through on the product's frontends (claim {@code azp}). */
    public static final String FRONTEND_CLIENT = "privacy-frontend";
    /** The realm's client of the privacy officer's console (claim {@code azp}). */
    public static final String CONSOLE_CLIENT = "privacy-console";
    /** The service accounts' clients: the three services that call another, and the product's two backends. */
    public static final String REQUEST_SERVICE = "request-service";
    public static final String CONSENT_SERVICE = "consent-service";
    public static final String RETENTION_SERVICE = "retention-service";
    public static final String PARTNER_SYNC_SERVICE = "partner-sync-service";
    public static final String WEB_BACKEND = "web-backend";
    public static final String BILLING_BACKEND = "billing-backend";

    /** The four services: every test token is for all of them (claim {@code aud}). */
    public static final Set<String> AUDIENCE = Set.of(REQUEST_SERVICE, CONSENT_SERVICE, RETENTION_SERVICE, PARTNER_SYNC_SERVICE);
    /** Issuer of the OIDC test server's tokens (its discovery document names it). */
    public static final String ISSUER = "https://server.example.com";
    /** Keycloak names a client's service account {@code service-account-<client>}. */
    public static final String SERVICE_ACCOUNT_PREFIX = "service-account-";

    /** The client whose tokens usually carry {@code role} (the realm's: one client per caller). */
    public static String clientOf(String role) {
        return switch (role) {
            case DATA_SUBJECT -> FRONTEND_CLIENT;
            case PRIVACY_OFFICER, OPERATOR -> CONSOLE_CLIENT;
            case RECTIFICATION_READER -> PARTNER_SYNC_SERVICE;
            case SUBJECT_EXPORT_READER, HOLD_READER, CONTACT_READER -> REQUEST_SERVICE;
            case PROCESSOR_RECORD_RECORDER -> BILLING_BACKEND;
            default -> WEB_BACKEND;
        };
    }

    /** The {@code sub} of a client's service account. */
    public static String serviceAccount(String client) {
        return SERVICE_ACCOUNT_PREFIX + client;
    }

    /** The data subject's own token: the subject id is the token's {@code sub}. */
    public static String dataSubject(String subjectId) {
        return token(subjectId, DATA_SUBJECT);
    }

    public static String privacyOfficer() {
        return token(PRIVACY_OFFICER_ID, PRIVACY_OFFICER);
    }

    /** The service account token of {@code client} carrying {@code role}. */
    public static String service(String client, String role) {
        return token(serviceAccount(client), role, client);
    }

    /** The service account token of the client that carries {@code role} in the realm. */
    public static String service(String role) {
        return service(clientOf(role), role);
    }

    public static String rectificationReader() {
        return service(RECTIFICATION_READER);
    }

    public static String subjectExportReader() {
        return service(SUBJECT_EXPORT_READER);
    }

    public static String holdReader() {
        return service(HOLD_READER);
    }

    public static String contactReader() {
        return service(CONTACT_READER);
    }

    public static String consentRecorder() {
        return service(CONSENT_RECORDER);
    }

    public static String consentChecker() {
        return service(CONSENT_CHECKER);
    }

    public static String unsubscribeLinkIssuer() {
        return service(UNSUBSCRIBE_LINK_ISSUER);
    }

    public static String inventoryRecorder() {
        return service(INVENTORY_RECORDER);
    }

    public static String connectionLogRecorder() {
        return service(CONNECTION_LOG_RECORDER);
    }

    public static String processorRecordRecorder() {
        return service(PROCESSOR_RECORD_RECORDER);
    }

    /** A token of the client that usually carries {@code role} ({@link #clientOf}). */
    public static String token(String subject, String role) {
        return token(subject, role, clientOf(role));
    }

    /** A token issued to {@code client} (claim {@code azp}, as Keycloak sets it), for {@code subject} with {@code role}. */
    public static String token(String subject, String role, String client) {
        return OidcWiremockTestResource.generateJwtToken(subject, Set.of(role), subject, null, AUDIENCE,
                Map.of("azp", client));
    }

    /**
     * A token as a real identity provider issues it: besides the {@code sub}, the user name is the email
     * address and the name is there too. None of it but the {@code sub} may end up stored or on Kafka.
     */
    public static String withIdentity(String subject, String role, String email, String name) {
        return OidcWiremockTestResource.generateJwtToken(email, Set.of(role), subject, null, AUDIENCE,
                Map.of("email", email, "name", name, "azp", clientOf(role)));
    }

    // Tokens a service must refuse (401), each wrong in one way only.

    /** Signed by the test server's key, but for other audiences only. */
    public static String forAudience(String role, String... audience) {
        return OidcWiremockTestResource.generateJwtToken(serviceAccount(clientOf(role)), Set.of(role),
                serviceAccount(clientOf(role)), null, Set.of(audience), Map.of("azp", clientOf(role)));
    }

    /** Issued by another issuer (same key, same claims otherwise). */
    public static String fromIssuer(String issuer, String role) {
        return claims(role).issuer(issuer).jws().keyId("1").sign("privateKey.jwk");
    }

    /** Signed with HS256 and a shared secret instead of the issuer's RS256 key. */
    public static String signedWithHs256(String role) {
        return claims(role).jws().keyId("1").signWithSecret("a-shared-secret-that-is-long-enough-for-hs256-0123456789");
    }

    /** Expired {@code since} ago (issued an hour before it expired). */
    public static String expiredSince(Duration since, String role) {
        Instant expiry = Instant.now().minus(since);
        return claims(role).issuedAt(expiry.minus(Duration.ofHours(1))).expiresAt(expiry).jws().keyId("1").sign("privateKey.jwk");
    }

    private static JwtClaimsBuilder claims(String role) {
        String client = clientOf(role);
        return Jwt.preferredUserName(serviceAccount(client)).subject(serviceAccount(client)).groups(Set.of(role))
                .issuer(ISSUER).audience(AUDIENCE).claim("azp", client);
    }

    private TestTokens() {
    }
}
