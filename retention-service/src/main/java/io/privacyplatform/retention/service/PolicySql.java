package io.privacyplatform.retention.service;

import io.privacyplatform.policy.RetentionPolicy;

import java.util.stream.Collectors;

/**
 * The retention policy as SQL over an {@code inventory_entry} row aliased {@code e}: what the sweep and the stored
 * expiries run. Built from validated codes and periods only, so nothing from outside the file reaches the SQL
 * text. Plain Java, so the benchmark runs the same expressions.
 */
public final class PolicySql {

    private PolicySql() {
    }

    /** The row's expiry, one branch per purpose (UTC calendar arithmetic, as {@code Rule.expiry} computes it). */
    public static String expiry(RetentionPolicy policy) {
        StringBuilder sql = new StringBuilder("case e.purpose");
        for (RetentionPolicy.Purpose purpose : policy.purposes()) {
            sql.append(" when '").append(purpose.code()).append("' then ").append(expiry(policy.ruleOf(purpose)));
        }
        return sql.append(" end").toString();
    }

    /** The code of the row's rule. */
    public static String rule(RetentionPolicy policy) {
        StringBuilder sql = new StringBuilder("case e.purpose");
        for (RetentionPolicy.Purpose purpose : policy.purposes()) {
            sql.append(" when '").append(purpose.code()).append("' then '").append(purpose.rule()).append("'");
        }
        return sql.append(" end").toString();
    }

    private static String expiry(RetentionPolicy.Rule rule) {
        String anchorsSql = rule.anchorList().stream().map(a -> "e." + column(a)).collect(Collectors.joining(", "));
        // Calendar arithmetic in UTC whatever the session time zone; greatest() ignores nulls.
        String fromAnchors = "((greatest(" + anchorsSql + ") at time zone 'UTC') + interval '" + rule.period() + "') at time zone 'UTC'";
        return rule.withdrawalEnds() ? "coalesce(e.withdrawn_at, " + fromAnchors + ")" : fromAnchors;
    }

    private static String column(RetentionPolicy.Anchor anchor) {
        return switch (anchor) {
            case COLLECTED_AT -> "collected_at";
            case LAST_ACTIVITY -> "last_activity_at";
            case CONTRACT_END -> "contract_end_at";
            case OFFER_END -> "offer_end_at";
        };
    }
}
