package io.privacyplatform.consent.service;

import io.privacyplatform.consent.ConsentAction;
import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.ConsentSource;
import io.privacyplatform.consent.UnsubscribeLink;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.crypto.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-click unsubscribe links (RFC 8058) for email footers. A token is
 * {@code <id>.<key id>.<HMAC-SHA256 of the id>} (hex; the key id names the signing key, see {@link SigningKeys}:
 * after a rotation, tokens signed with a retired key still work, and tokens issued before key ids existed,
 * {@code <id>.<signature>}, are checked against every key). The signature is checked first, in constant time, so a forged or altered token is refused without
 * touching the database; the row then says whether it is revoked or already used. Tokens never expire; the
 * same active link is handed out for every email of a subject and purpose until it is used or revoked.
 */
@ApplicationScoped
public class UnsubscribeLinks {

    private static final Pattern TOKEN = Pattern.compile("([0-9a-f]{32})(?:\\.([0-9a-f]{8}))?\\.([0-9a-f]{64})");

    private final ServiceKeys keys;
    private final ConsentService consents;
    private final Clock clock;

    UnsubscribeLinks(ServiceKeys keys, ConsentService consents, Clock clock) {
        this.keys = keys;
        this.consents = consents;
        this.clock = clock;
    }

    /** A link as stored: never its token, which only {@link Issued} carries. */
    public record Link(UUID tokenId, String subjectId, ConsentPurpose purpose, Instant issuedAt, Instant revokedAt,
                       Instant usedAt) {
        static Link of(UnsubscribeLink link) {
            return new Link(link.tokenId, link.subjectId, link.purpose, link.issuedAt, link.revokedAt, link.usedAt);
        }
    }

    public record Issued(Link link, String token) {
    }

    /** What a valid token leads to. */
    public record Verified(Link link, boolean spent) {
    }

    /** The active link of the subject and purpose, or a new one. */
    @Transactional
    public Issued issue(String subjectId, ConsentPurpose purpose, String issuedBy) {
        UnsubscribeLink link = UnsubscribeLink.activeOf(subjectId, purpose).orElseGet(() -> {
            UnsubscribeLink created = new UnsubscribeLink();
            created.tokenId = UUID.randomUUID();
            created.subjectId = subjectId;
            created.purpose = purpose;
            created.issuedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            created.issuedBy = issuedBy;
            created.persist();
            return created;
        });
        return new Issued(Link.of(link), token(link.tokenId));
    }

    @Transactional
    public Link revoke(UUID tokenId) {
        UnsubscribeLink link = UnsubscribeLink.findById(tokenId);
        if (link == null) {
            throw Problems.notFound("No unsubscribe link has this id.");
        }
        if (link.revokedAt == null) {
            link.revokedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        }
        return Link.of(link);
    }

    /** For the confirmation page: refuses what the POST would refuse, but a spent link is shown, not refused. */
    @Transactional
    public Verified check(String token) {
        UnsubscribeLink link = find(token, false);
        return new Verified(Link.of(link), link.usedAt != null);
    }

    /** The one-click POST: withdraws the link's purpose (idempotent on the ledger) and spends the link. */
    @Transactional
    public Link unsubscribe(String token) {
        UnsubscribeLink link = find(token, true);
        if (link.usedAt != null) {
            throw new ProblemException(409, "Link already used", "This unsubscribe link was already used on "
                    + LocalDate.ofInstant(link.usedAt, ZoneOffset.UTC) + "; the withdrawal it recorded stands.");
        }
        ConsentService.Outcome outcome = consents.record(new ConsentService.Change(link.subjectId, link.purpose,
                ConsentAction.WITHDRAW, ConsentSource.ONE_CLICK_UNSUBSCRIBE, null, null, link.tokenId.toString(),
                "link", null, null, null, null));
        link.usedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        link.usedEntryId = outcome.changed() ? outcome.entry().entryId() : null;
        return Link.of(link);
    }

    private UnsubscribeLink find(String token, boolean lock) {
        String id = verifiedId(token);
        UUID tokenId = UUID.fromString(id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        UnsubscribeLink link = lock ? UnsubscribeLink.findById(tokenId, LockModeType.PESSIMISTIC_WRITE)
                : UnsubscribeLink.findById(tokenId);
        if (link == null) {
            throw Problems.notFound("This unsubscribe link no longer exists (its subject's data was erased).");
        }
        if (link.revokedAt != null) {
            throw new ProblemException(410, "Link revoked", "This unsubscribe link was revoked on "
                    + LocalDate.ofInstant(link.revokedAt, ZoneOffset.UTC) + ".");
        }
        return link;
    }

    /** The subject's links, for the export (never their tokens). */
    @Transactional
    public List<Link> ofSubject(String subjectId) {
        return UnsubscribeLink.ofSubject(subjectId).stream().map(Link::of).toList();
    }

    /** The link id of a well-formed token whose signature holds under the key it names (400 malformed, 403 forged). */
    String verifiedId(String token) {
        Matcher parts = token == null ? null : TOKEN.matcher(token);
        if (parts == null || !parts.matches()) {
            throw Problems.invalid("token", "must be the token of an unsubscribe link, unchanged",
                    "The unsubscribe token is malformed.");
        }
        String id = parts.group(1);
        if (!keys.linkKeys().verify(Optional.ofNullable(parts.group(2)), signed(id), HexFormat.of().parseHex(parts.group(3)))) {
            throw Problems.forbidden("This unsubscribe link was not issued by this service or was altered.");
        }
        return id;
    }

    String token(UUID tokenId) {
        String id = tokenId.toString().replace("-", "");
        SigningKeys signing = keys.linkKeys();
        return id + "." + signing.currentKeyId() + "." + HexFormat.of().formatHex(signing.sign(signed(id)));
    }

    private static byte[] signed(String id) {
        return ("unsubscribe-link:v1:" + id).getBytes(StandardCharsets.UTF_8);
    }
}
