package io.privacyplatform.request.service;

import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.PersonLink;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.crypto.SigningKeys;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.problem.Problems;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The person's links (issue 14): in every mail, a signed, expiring link that opens one request's status page and
 * downloads its export without an account. It replaces the bearer token for that one request only.
 *
 * <p>Token: key id + "." + base64url(link id, expiry) + "." + base64url(HMAC-SHA256 of both with the key the id names):
 * {@code requests.person-links.signing-key} signs, {@code requests.person-links.retired-signing-keys} still verify after
 * a rotation (platform-support {@link SigningKeys}); a token issued before key ids existed (no key id) is checked against
 * every key. The signature is checked first (a forged or altered token never reaches the database), then the link's row: it
 * must exist, not be revoked and not be past its expiry. Issuing and every use are audit entries of the request.
 */
@Startup
@ApplicationScoped
public class PersonLinks {

    private static final String PATH = "/status/";

    private final Deadlines deadlines;
    private final RequestsConfig.PersonLinks config;
    private final SigningKeys keys;

    @Inject
    PersonLinks(RequestsConfig config, Deadlines deadlines) {
        this.deadlines = deadlines;
        this.config = config.personLinks();
        this.keys = new SigningKeys("requests.person-links.signing-key", decodeKey(this.config.signingKey()),
                this.config.retiredSigningKeys().orElse(List.of()).stream().map(PersonLinks::decodeKey).toList());
    }

    /** A link issued for a mail. */
    public record Link(UUID id, URI url, Instant expiresAt) {
    }

    /** Why a link does not open its request; the page says it in words, never with a stack trace. */
    public enum Refusal { UNKNOWN, EXPIRED, REVOKED }

    /** A link that does not open its request. */
    public static final class LinkRefused extends ProblemException {
        private final Refusal refusal;

        LinkRefused(Refusal refusal, int status, String detail) {
            super(status, switch (refusal) {
                case UNKNOWN -> "Unknown link";
                case EXPIRED -> "Link expired";
                case REVOKED -> "Link revoked";
            }, detail);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** Issues a new link to the request, in the caller's transaction (a mail's, usually), and audits it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Link issue(DataSubjectRequest request, String actor) {
        Instant now = deadlines.now();
        PersonLink link = new PersonLink();
        link.id = UUID.randomUUID();
        link.requestId = request.id;
        link.issuedAt = now;
        link.expiresAt = now.plus(config.ttl());
        link.persist();
        request.record(AuditKind.PERSON_LINK_ISSUED, actor, now, "link " + link.id + " valid until " + link.expiresAt);
        return new Link(link.id, URI.create(trimSlash(config.baseUrl()) + PATH + token(link.id, link.expiresAt)), link.expiresAt);
    }

    /**
     * The request a link opens, after checking its signature, expiry and revocation; the use is counted and audited
     * ({@code what}: "status page", "export json"...). Refused links throw {@link LinkRefused} (404 unknown, 410
     * expired or revoked).
     */
    @Transactional
    public DataSubjectRequest open(String token, String what) {
        return openLink(token, what).request();
    }

    /** A link that opened its request: the request, and the link's actor name and expiry (for the page and the audit). */
    public record Opened(DataSubjectRequest request, String actor, Instant expiresAt) {
    }

    /** As {@link #open}, with the link's actor name ({@code person-link:<id>}) and expiry. */
    @Transactional
    public Opened openLink(String token, String what) {
        UUID linkId = verifiedLinkId(token);
        PersonLink link = PersonLink.<PersonLink>findByIdOptional(linkId).orElseThrow(PersonLinks::unknown);
        Instant now = deadlines.now();
        if (link.revokedAt != null) {
            throw new LinkRefused(Refusal.REVOKED, 410, "This link was revoked on " + link.revokedAt
                    + ". The latest mail about your request carries a valid one, or write to the privacy officer.");
        }
        if (!now.isBefore(link.expiresAt)) {
            throw new LinkRefused(Refusal.EXPIRED, 410, "This link expired on " + link.expiresAt
                    + ". The latest mail about your request carries a valid one, or write to the privacy officer.");
        }
        DataSubjectRequest request = DataSubjectRequest.lock(link.requestId).orElseThrow(PersonLinks::unknown);
        link.opened++;
        String actor = "person-link:" + link.id;
        request.record(AuditKind.PERSON_LINK_USED, actor, now, what);
        return new Opened(request, actor, link.expiresAt);
    }

    /** Revokes every link of the request still valid; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeAll(DataSubjectRequest request, String actor) {
        Instant now = deadlines.now();
        List<PersonLink> live = PersonLink.list("requestId = ?1 and revokedAt is null and expiresAt > ?2", request.id, now);
        live.forEach(link -> {
            link.revokedAt = now;
            link.revokedBy = actor;
        });
        request.record(AuditKind.PERSON_LINKS_REVOKED, actor, now, live.size() + " link(s) revoked");
        return live.size();
    }

    /** The privacy officer revokes every live link of a request (404 for an unknown request); returns how many. */
    @Transactional
    public int revokeAll(UUID requestId, String actor) {
        DataSubjectRequest request = DataSubjectRequest.lock(requestId)
                .orElseThrow(() -> Problems.notFound("No request " + requestId + "."));
        return revokeAll(request, actor);
    }

    /** Every link issued to a request, newest first (404 for an unknown request). */
    public List<PersonLink> of(UUID requestId) {
        DataSubjectRequest.<DataSubjectRequest>findByIdOptional(requestId)
                .orElseThrow(() -> Problems.notFound("No request " + requestId + "."));
        return PersonLink.list("requestId = ?1 order by issuedAt desc, id", requestId);
    }

    String token(UUID linkId, Instant expiresAt) {
        ByteBuffer payload = ByteBuffer.allocate(24);
        payload.putLong(linkId.getMostSignificantBits()).putLong(linkId.getLeastSignificantBits()).putLong(expiresAt.getEpochSecond());
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return keys.currentKeyId() + "." + encoder.encodeToString(payload.array()) + "."
                + encoder.encodeToString(keys.sign(signed(payload.array())));
    }

    UUID verifiedLinkId(String token) {
        if (token == null || token.length() > 200) {
            throw unknown();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw unknown();
        }
        Optional<String> keyId = parts.length == 3 ? Optional.of(parts[0]) : Optional.empty();
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(parts[parts.length - 2]);
            signature = Base64.getUrlDecoder().decode(parts[parts.length - 1]);
        } catch (IllegalArgumentException e) {
            throw unknown();
        }
        if (payload.length != 24 || !keys.verify(keyId, signed(payload), signature)) {
            throw unknown();
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** What is signed: a label (a person-link signature is valid nowhere else), then the payload. */
    private static byte[] signed(byte[] payload) {
        byte[] label = "person-link/v1|".getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(label.length + payload.length).put(label).put(payload).array();
    }

    private static LinkRefused unknown() {
        return new LinkRefused(Refusal.UNKNOWN, 404, "This link does not open any request: it may be incomplete "
                + "(copy the whole address from the mail) or not one of ours.");
    }

    private static byte[] decodeKey(String encoded) {
        try {
            return Base64.getDecoder().decode(encoded.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("requests.person-links.signing-key: a key is not base64");
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
