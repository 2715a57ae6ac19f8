package io.privacyplatform.request.service.purge;

import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.policy.RetentionPolicy.RecordAnchor;
import io.privacyplatform.policy.RetentionPolicy.Rule;

import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules {@code heldBy: request-service} of retention-policy.yaml as the purge's SQL: one {@link Step} per rule and
 * kind of record it covers, with the rule's anchors and period. Every record this service keeps is covered by exactly
 * one rule with the anchors its step reads, or the service does not start ({@link #of} names every problem). Built from
 * validated periods and constants only, so nothing from outside reaches the SQL text. Each statement takes the purge's
 * time as parameter 1 and returns one row of counts, one column per record it removed.
 */
public final class OwnRecordRules {

    /** A kind of record of this service, the anchors its clock reads, and the rule that must also cover it. */
    enum Record {
        REQUEST_BODY("request-body", EnumSet.of(RecordAnchor.REQUEST_CLOSED)),
        IDENTITY_CHECK_NOTE("identity-check-note", EnumSet.of(RecordAnchor.REQUEST_CLOSED)),
        EXPORT_DOCUMENT("export-document", EnumSet.of(RecordAnchor.EXPORT_LINK_EXPIRED)),
        UNVERIFIED_EMAIL_FILING("unverified-email-filing", EnumSet.of(RecordAnchor.FILING_CODE_EXPIRED)),
        POST_MORTEM_DIRECTIVE("post-mortem-directive", EnumSet.of(RecordAnchor.DIRECTIVE_ENDED)),
        DIRECTIVE_RECORD("directive-record", EnumSet.of(RecordAnchor.DIRECTIVE_ENDED)),
        /** The request row; the records below go with it, in one statement, so they must be in its rule. */
        REQUEST_RECORD("request-record", EnumSet.of(RecordAnchor.REQUEST_CLOSED, RecordAnchor.DIRECTIVE_ENDED)),
        AUDIT_CHAIN("audit-chain", null),
        ERASURE_RECEIPT("erasure-receipt", null),
        ORDER_CONFIRMATIONS("order-confirmations", null),
        REFUSED_CONFIRMATIONS("refused-confirmations", null),
        EXPORT_RECORD("export-record", null),
        VERIFIED_EMAIL_FILING("verified-email-filing", null);

        final String code;
        /** null: deleted with the request record, under its rule. */
        final Set<RecordAnchor> anchors;

        Record(String code, Set<RecordAnchor> anchors) {
            this.code = code;
            this.anchors = anchors;
        }

        static Record of(String code) {
            for (Record record : values()) {
                if (record.code.equals(code)) {
                    return record;
                }
            }
            return null;
        }
    }

    /**
     * One statement of the purge: what {@code rule} removes; {@code records} name the columns of its row of counts
     * (every sub-statement of a {@code with} runs to completion, counted or not).
     */
    public record Step(String rule, List<String> records, String sql) {
    }

    private static final String CLOSED = "r.status not in ('FILED', 'IN_PROGRESS') and r.closed_at is not null";

    private final List<Step> steps;

    private OwnRecordRules(List<Step> steps) {
        this.steps = steps;
    }

    public List<Step> steps() {
        return steps;
    }

    /**
     * The purge's statements from the rules request-service holds; {@code linkTtl} (requests.export.link-ttl) dates the
     * expiry of a link never asked for.
     *
     * @throws IllegalStateException naming every record not covered, covered twice or unknown, and every anchor a
     *                               record's clock does not read or a rule names for none of its records
     */
    public static OwnRecordRules of(RetentionPolicy policy, Duration linkTtl) {
        List<String> problems = new ArrayList<>();
        Map<Record, Rule> ruleOf = new LinkedHashMap<>();
        for (Rule rule : policy.rulesHeldBy(RetentionPolicy.REQUEST_SERVICE)) {
            for (String code : rule.records()) {
                Record record = Record.of(code);
                if (record == null) {
                    problems.add("rule " + rule.code() + ": request-service keeps no record '" + code + "'");
                } else if (ruleOf.putIfAbsent(record, rule) != null) {
                    problems.add("record " + code + " is covered by rules " + ruleOf.get(record).code() + " and " + rule.code());
                } else if (record.anchors != null && !rule.recordAnchorList().containsAll(record.anchors)) {
                    problems.add("rule " + rule.code() + ": the clock of " + code + " reads "
                            + record.anchors.stream().map(RecordAnchor::code).collect(Collectors.joining(", "))
                            + ", not only " + String.join(", ", rule.anchors()));
                }
            }
            // An anchor no record of the rule reads would be a clock the register shows and nothing enforces.
            Set<RecordAnchor> read = rule.records().stream().map(Record::of).filter(r -> r != null && r.anchors != null)
                    .flatMap(r -> r.anchors.stream()).collect(Collectors.toSet());
            rule.recordAnchorList().stream().filter(a -> !read.contains(a)).forEach(a ->
                    problems.add("rule " + rule.code() + ": none of its records is dated by " + a.code()));
        }
        for (Record record : Record.values()) {
            Rule rule = ruleOf.get(record);
            if (rule == null) {
                problems.add("no rule heldBy request-service covers its record '" + record.code + "': it would be kept forever");
            } else if (record.anchors == null && ruleOf.get(Record.REQUEST_RECORD) != null
                    && !rule.code().equals(ruleOf.get(Record.REQUEST_RECORD).code())) {
                problems.add("record " + record.code + " goes with request-record: it must be in rule "
                        + ruleOf.get(Record.REQUEST_RECORD).code());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("request-service cannot enforce " + "retention-policy.yaml version "
                    + policy.version() + ": " + String.join("; ", problems));
        }
        List<Step> steps = new ArrayList<>();
        for (Record record : List.of(Record.REQUEST_BODY, Record.IDENTITY_CHECK_NOTE, Record.EXPORT_DOCUMENT,
                Record.UNVERIFIED_EMAIL_FILING, Record.POST_MORTEM_DIRECTIVE, Record.DIRECTIVE_RECORD, Record.REQUEST_RECORD)) {
            Rule rule = ruleOf.get(record);
            steps.add(step(record, rule, rule.period(), linkTtl));
        }
        return new OwnRecordRules(List.copyOf(steps));
    }

    private static Step step(Record record, Rule rule, Period period, Duration linkTtl) {
        return switch (record) {
            // A restriction in force keeps the body: lifting it orders the lift on its ground. The version moves, so a
            // writer holding the row from before fails instead of writing the body back.
            case REQUEST_BODY -> new Step(rule.code(), List.of(record.code), """
                    with purged as (update data_subject_request r set details_ct = null, body_purged_at = ?1,
                                        version = r.version + 1
                                    where r.body_purged_at is null and not r.restricted and %s and %s returning 1)
                    select count(*) from purged""".formatted(CLOSED, expired("r.closed_at", period)));
            case IDENTITY_CHECK_NOTE -> new Step(rule.code(), List.of(record.code), """
                    with purged as (update data_subject_request r set identity_check_ct = null, version = r.version + 1
                                    where r.identity_check_ct is not null and %s and %s returning 1)
                    select count(*) from purged""".formatted(CLOSED, expired("r.closed_at", period)));
            // The request's row is locked as well: a link being issued meanwhile is either issued first (and dates
            // the expiry) or finds the export EXPIRED.
            case EXPORT_DOCUMENT -> new Step(rule.code(), List.of(record.code), """
                    with due as (select j.request_id from export_job j join data_subject_request r on r.id = j.request_id
                                 where j.status = 'READY' and %s for update),
                         purged as (update export_job j set document_ct = null, link_hash = null, status = 'EXPIRED'
                                    from due where j.request_id = due.request_id returning 1)
                    select count(*) from purged""".formatted(expired("coalesce(j.link_expires_at, j.ready_at + interval '"
                    + linkTtl.toSeconds() + " seconds')", period)));
            case UNVERIFIED_EMAIL_FILING -> new Step(rule.code(), List.of(record.code), """
                    with purged as (delete from email_filing f where f.status <> 'VERIFIED' and %s returning 1)
                    select count(*) from purged""".formatted(expired("f.expires_at", period)));
            case POST_MORTEM_DIRECTIVE -> new Step(rule.code(), List.of(record.code), """
                    with purged as (update post_mortem_directive d set details_ct = null, version = d.version + 1
                                    where d.ended_at is not null and d.details_ct is not null and %s returning 1)
                    select count(*) from purged""".formatted(expired("d.ended_at", period)));
            case DIRECTIVE_RECORD -> new Step(rule.code(), List.of(record.code), """
                    with purged as (delete from post_mortem_directive d where d.ended_at is not null and %s returning 1)
                    select count(*) from purged""".formatted(expired("d.ended_at", period)));
            case REQUEST_RECORD -> accountability(rule, period);
            default -> throw new IllegalArgumentException(record.code + " goes with request-record");
        };
    }

    /**
     * The end of the proof: a closed request whose period has passed, with everything that hangs on it, in one statement.
     * A request that directives still name (in force, or ended less than the period ago: directive-ended) stays, and
     * so does one whose restriction is in force. The audit trail's trigger lets this transaction delete whole chains
     * (migration V7); the caller sets {@code request_service.purge} first.
     */
    private static Step accountability(Rule rule, Period period) {
        List<String> records = List.of(Record.REQUEST_RECORD.code, Record.AUDIT_CHAIN.code, Record.ERASURE_RECEIPT.code,
                Record.ORDER_CONFIRMATIONS.code, Record.REFUSED_CONFIRMATIONS.code, Record.EXPORT_RECORD.code,
                Record.VERIFIED_EMAIL_FILING.code);
        String sql = """
                with ended as (select r.id from data_subject_request r
                               where %s and not r.restricted and %s
                                 and not exists (select 1 from post_mortem_directive d
                                                 where d.request_id = r.id or d.ended_by = r.id)
                               for update),
                     unlinked as (update data_subject_request s set duplicate_of = null
                                  where s.duplicate_of in (select id from ended) and s.id not in (select id from ended)
                                  returning 1),
                     audit as (delete from request_audit a where a.request_id in (select id from ended) returning 1),
                     erasures as (delete from erasure_confirmation c where c.request_id in (select id from ended) returning 1),
                     orders as (delete from order_confirmation c where c.request_id in (select id from ended) returning 1),
                     refused as (delete from refused_confirmation c where c.request_id in (select id from ended) returning 1),
                     slices as (delete from export_slice s where s.request_id in (select id from ended) returning 1),
                     exports as (delete from export_job j where j.request_id in (select id from ended) returning 1),
                     filings as (delete from email_filing f where f.request_id in (select id from ended) returning 1),
                     links as (delete from person_link l where l.request_id in (select id from ended) returning 1),
                     notifications as (delete from notification n where n.request_id in (select id from ended) returning 1),
                     requests as (delete from data_subject_request r where r.id in (select id from ended) returning 1)
                select (select count(*) from requests), (select count(*) from audit), (select count(*) from erasures),
                       (select count(*) from orders), (select count(*) from refused), (select count(*) from exports),
                       (select count(*) from filings)
                """.formatted(CLOSED, expired("r.closed_at", period));
        return new Step(rule.code(), records, sql);
    }

    /** The anchor plus the period has passed at the purge's time (parameter 1): UTC calendar arithmetic, as retention-service. */
    private static String expired(String anchor, Period period) {
        return "((" + anchor + ") at time zone 'UTC' + interval '" + period + "') at time zone 'UTC' <= ?1";
    }
}
