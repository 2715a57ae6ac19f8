package io.privacyplatform.consent.service;

import io.privacyplatform.consent.ConsentAction;
import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.ConsentSource;
import io.privacyplatform.consent.UnsubscribeLink;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.security.Hmacs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One-click unsubscribe links (RFC 8058) for email footers. A token is {@code <id>.<HMAC-SHA256 of the id>}
 * (hex): the signature is checked first, in constant time, so a forged or altered token is refused without
 * touching the database; the row then says whether it is revoked or already used. Tokens never expire; the
 * same active link is handed out for every email of a subject and purpose until it is used or revoked.
 */
@ApplicationScoped
public class UnsubscribeLinks {

    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{32}\\.[0-9a-f]{64}");

    private final ServiceKeys keys;
    private final ConsentService consents;
    private final Clock clock = Clock.systemUTC();

    UnsubscribeLinks(ServiceKeys keys, ConsentService consents) {
        this.keys = keys;
        this.consents = consents;
    }

    public record Issued(UnsubscribeLink link, String token) {
    }

    /** What a valid token leads to. */
    public record Verified(UnsubscribeLink link, boolean spent) {
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
        return new Issued(link, token(link.tokenId));
    }

    @Transactional
    public UnsubscribeLink revoke(UUID tokenId) {
        UnsubscribeLink link = UnsubscribeLink.findById(tokenId);
        if (link == null) {
            throw ProblemException.notFound("No unsubscribe link has this id.");
        }
        if (link.revokedAt == null) {
            link.revokedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        }
        return link;
    }

    /** For the confirmation page: refuses what the POST would refuse, but a spent link is shown, not refused. */
    @Transactional
    public Verified check(String token) {
        UnsubscribeLink link = find(token, false);
        return new Verified(link, link.usedAt != null);
    }

    /** The one-click POST: withdraws the link's purpose (idempotent on the ledger) and spends the link. */
    @Transactional
    public UnsubscribeLink unsubscribe(String token) {
        UnsubscribeLink link = find(token, true);
        if (link.usedAt != null) {
            throw new ProblemException(409, "Link already used", "This unsubscribe link was already used on "
                    + LocalDate.ofInstant(link.usedAt, ZoneOffset.UTC) + "; the withdrawal it recorded stands.");
        }
        ConsentService.Outcome outcome = consents.record(new ConsentService.Change(link.subjectId, link.purpose,
                ConsentAction.WITHDRAW, ConsentSource.ONE_CLICK_UNSUBSCRIBE, null, null, link.tokenId.toString(),
                "link", null, null, null, null));
        link.usedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        link.usedEntryId = outcome.changed() ? outcome.entry().entryId : null;
        return link;
    }

    private UnsubscribeLink find(String token, boolean lock) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new ProblemException(400, "Invalid request", "The unsubscribe token is malformed.",
                    List.of(new Problem.FieldError("token", "must be the token of an unsubscribe link, unchanged")));
        }
        String id = token.substring(0, 32);
        byte[] expected = signature(id).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(33).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new ProblemException(403, "Forbidden", "This unsubscribe link was not issued by this service or was altered.");
        }
        UUID tokenId = UUID.fromString(id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        UnsubscribeLink link = lock ? UnsubscribeLink.findById(tokenId, LockModeType.PESSIMISTIC_WRITE)
                : UnsubscribeLink.findById(tokenId);
        if (link == null) {
            throw ProblemException.notFound("This unsubscribe link no longer exists (its subject's data was erased).");
        }
        if (link.revokedAt != null) {
            throw new ProblemException(410, "Link revoked", "This unsubscribe link was revoked on "
                    + LocalDate.ofInstant(link.revokedAt, ZoneOffset.UTC) + ".");
        }
        return link;
    }

    private String token(UUID tokenId) {
        String id = tokenId.toString().replace("-", "");
        return id + "." + signature(id);
    }

    private String signature(String id) {
        return Hmacs.sha256Hex(keys.linkKey(), "unsubscribe-link:v1:" + id);
    }
}
