package io.privacyplatform.retention;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * Each retention rule of policy sections 4 and 5, through the API: the expiry the clocks endpoint shows (stored
 * from the policy file), the status, and whether a dry-run sweep would order the subject's erasure.
 */
@QuarkusTest
class RetentionRulesTest {

    @Inject
    TestClock clock;

    private final List<String> due = new java.util.ArrayList<>();
    private final List<String> notDue = new java.util.ArrayList<>();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String subject(String kind) {
        return kind + "-" + UUID.randomUUID();
    }

    private static Instant plusYears(Instant t, int years) {
        return t.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
    }

    private static Instant minusYears(Instant t, int years) {
        return t.atOffset(ZoneOffset.UTC).minusYears(years).toInstant();
    }

    @Test
    void prospectionKeepsThreeYearsAfterTheLastContact() {
        Instant now = now();
        String expired = subject("prospect");
        Instant contacted = minusYears(now, 3).minus(1, ChronoUnit.DAYS);
        Api.register(expired, "prospection", "collectedAt", minusYears(now, 4), "lastActivityAt", contacted).statusCode(201);
        Api.clocks(expired).statusCode(200)
                .body("status", equalTo("DUE"))
                .body("purposes[0].rule.code", equalTo("prospection-three-years"))
                .body("purposes[0].clockStartsFrom", equalTo("last-activity"))
                .body("purposes[0].expiresAt", equalTo(plusYears(contacted, 3).toString()))
                .body("erasureAt", equalTo(plusYears(contacted, 3).toString()))
                .body("erasureRule.code", equalTo("prospection-three-years"));
        due.add(expired);

        String recent = subject("prospect");
        Instant twoYearsAgo = minusYears(now, 2);
        Api.register(recent, "prospection", "collectedAt", minusYears(now, 4), "lastActivityAt", twoYearsAgo).statusCode(201);
        Api.clocks(recent).body("status", equalTo("RETAINED"))
                .body("erasureAt", equalTo(plusYears(twoYearsAgo, 3).toString()));
        notDue.add(recent);

        // "pour la durée de la relation contractuelle et pour une durée de trois ans": the contract's end counts too.
        String customer = subject("prospect");
        Instant contractEnd = minusYears(now, 1);
        Api.register(customer, "prospection", "collectedAt", minusYears(now, 6), "lastActivityAt", minusYears(now, 5),
                "contractEndAt", contractEnd).statusCode(201);
        Api.clocks(customer).body("status", equalTo("RETAINED"))
                .body("purposes[0].clockStartsFrom", equalTo("contract-end"))
                .body("erasureAt", equalTo(plusYears(contractEnd, 3).toString()));
        notDue.add(customer);
        assertDryRun();
    }

    @Test
    void accountUsersAreKeptUntilTheInactivityPeriodEndsAfterActivityOrContract() {
        Instant now = now();
        String inactive = subject("user");
        Instant lastSeen = minusYears(now, 2).minus(1, ChronoUnit.DAYS);
        Api.register(inactive, "account-registration", "collectedAt", minusYears(now, 5), "lastActivityAt", lastSeen);
        Api.register(inactive, "service-provision", "collectedAt", minusYears(now, 5), "lastActivityAt", lastSeen);
        Api.clocks(inactive).body("status", equalTo("DUE"))
                .body("purposes.find { it.purpose == 'account-registration' }.rule.code", equalTo("account-inactivity"))
                .body("purposes.find { it.purpose == 'account-registration' }.rule.period", equalTo("P2Y"))
                .body("erasureAt", equalTo(plusYears(lastSeen, 2).toString()));
        due.add(inactive);

        String active = subject("user");
        Api.register(active, "account-registration", "collectedAt", minusYears(now, 5), "lastActivityAt", minusYears(now, 1));
        Api.clocks(active).body("status", equalTo("RETAINED"));
        notDue.add(active);

        String underContract = subject("user");
        Instant contractEnd = now.plus(180, ChronoUnit.DAYS);
        Api.register(underContract, "subscription-orders", "collectedAt", minusYears(now, 5), "lastActivityAt",
                minusYears(now, 3), "contractEndAt", contractEnd).statusCode(201);
        Api.clocks(underContract).body("status", equalTo("RETAINED"))
                .body("erasureAt", equalTo(plusYears(contractEnd, 2).toString()));
        notDue.add(underContract);

        // Retention is per purpose: the expired account purpose is due on its own while billing runs (a scoped
        // erasure, keeping billing); the subject's erasure date is still the latest expiry.
        String mixed = subject("user");
        Api.register(mixed, "account-registration", "collectedAt", minusYears(now, 5), "lastActivityAt", lastSeen);
        Instant invoiced = minusYears(now, 4);
        Api.register(mixed, "billing", "collectedAt", minusYears(now, 5), "lastActivityAt", invoiced);
        Api.clocks(mixed).body("status", equalTo("PARTIALLY_DUE"))
                .body("purposes.find { it.purpose == 'account-registration' }.expired", equalTo(true))
                .body("purposes.find { it.purpose == 'billing' }.expired", equalTo(false))
                .body("erasurePurpose", equalTo("billing"))
                .body("erasureAt", equalTo(plusYears(invoiced, 10).toString()));
        due.add(mixed);
        assertDryRun();
        Api.sweep(true).statusCode(200)
                .body("due.find { it.subjectId == '" + mixed + "' }.scope.purposes", contains("account-registration"))
                .body("due.find { it.subjectId == '" + mixed + "' }.scope.keptPurposes", contains("billing"))
                .body("due.find { it.subjectId == '" + inactive + "' }.scope", nullValue());
    }

    @Test
    void promotionalOffersLastAsLongAsTheOffer() {
        Instant now = now();
        String ended = subject("promo");
        Instant offerEnd = now.minus(1, ChronoUnit.DAYS);
        Api.register(ended, "promotional-offers", "collectedAt", now.minus(40, ChronoUnit.DAYS),
                "lastActivityAt", now.minus(30, ChronoUnit.DAYS), "offerEndAt", offerEnd).statusCode(201);
        Api.clocks(ended).body("status", equalTo("DUE")).body("erasureAt", equalTo(offerEnd.toString()));
        due.add(ended);

        String running = subject("promo");
        Instant later = now.plus(7, ChronoUnit.DAYS);
        Api.register(running, "promotional-offers", "collectedAt", now.minus(3, ChronoUnit.DAYS), "offerEndAt", later)
                .statusCode(201);
        Api.clocks(running).body("status", equalTo("RETAINED")).body("erasureAt", equalTo(later.toString()));
        notDue.add(running);
        assertDryRun();

        clock.advance(java.time.Duration.ofDays(8));
        Api.clocks(running).body("status", equalTo("DUE"));
        Api.sweep(true).statusCode(200).body("due.subjectId", hasItem(running));
    }

    @Test
    void requestsAndInquiriesAreKeptTheTimeNeededToHandleThem() {
        Instant now = now();
        String handled = subject("inquiry");
        Instant lastExchange = now.atOffset(ZoneOffset.UTC).minusMonths(3).minusDays(1).toInstant();
        Api.register(handled, "customer-inquiries", "collectedAt", lastExchange.minus(10, ChronoUnit.DAYS),
                "lastActivityAt", lastExchange);
        Api.clocks(handled).body("status", equalTo("DUE"))
                .body("purposes[0].rule.code", equalTo("request-handling"))
                .body("purposes[0].rule.parameter", equalTo("request-handling"))
                .body("erasureAt", equalTo(lastExchange.atOffset(ZoneOffset.UTC).plusMonths(3).toInstant().toString()));
        due.add(handled);

        String open = subject("inquiry");
        Api.register(open, "data-subject-rights", "collectedAt", now.minus(20, ChronoUnit.DAYS));
        Api.clocks(open).body("status", equalTo("RETAINED"));
        notDue.add(open);
        assertDryRun();
    }

    @Test
    void marketingConsentEndsAfterInactivity() {
        Instant now = now();
        String silent = subject("marketing");
        Instant lastContact = minusYears(now, 3).minus(1, ChronoUnit.DAYS);
        Api.register(silent, "marketing-email", "collectedAt", minusYears(now, 4), "lastActivityAt", lastContact);
        Api.clocks(silent).body("status", equalTo("DUE")).body("purposes[0].rule.code", equalTo("marketing-consent"))
                .body("purposes[0].legalBasis", equalTo("CONSENT"));
        due.add(silent);

        String reading = subject("marketing");
        Api.register(reading, "marketing-email", "collectedAt", minusYears(now, 4), "lastActivityAt", minusYears(now, 2));
        Api.clocks(reading).body("status", equalTo("RETAINED"));
        notDue.add(reading);
        assertDryRun();
    }

    @Test
    void legalObligationsOverride() {
        Instant now = now();
        String oldInvoices = subject("billing");
        Instant lastInvoice = minusYears(now, 10).minus(1, ChronoUnit.DAYS);
        Api.register(oldInvoices, "billing", "collectedAt", minusYears(now, 12), "lastActivityAt", lastInvoice);
        Api.clocks(oldInvoices).body("status", equalTo("DUE"))
                .body("purposes[0].rule.code", equalTo("accounting-ten-years"))
                .body("purposes[0].rule.legalReference", equalTo("Code de commerce, article L123-22"));
        due.add(oldInvoices);

        String recentInvoices = subject("billing");
        Api.register(recentInvoices, "billing", "collectedAt", minusYears(now, 12), "lastActivityAt", minusYears(now, 9));
        Api.clocks(recentInvoices).body("status", equalTo("RETAINED"));
        notDue.add(recentInvoices);

        String oldDispute = subject("dispute");
        Api.register(oldDispute, "collections-and-disputes", "collectedAt", minusYears(now, 7),
                "lastActivityAt", minusYears(now, 5).minus(1, ChronoUnit.DAYS));
        Api.clocks(oldDispute).body("status", equalTo("DUE"));
        due.add(oldDispute);

        String openDispute = subject("dispute");
        Api.register(openDispute, "collections-and-disputes", "collectedAt", minusYears(now, 7), "lastActivityAt", minusYears(now, 4));
        Api.clocks(openDispute).body("status", equalTo("RETAINED"));
        notDue.add(openDispute);
        assertDryRun();
    }

    @Test
    void statisticsAreAnonymizedAtExpiry() {
        Instant now = now();
        String old = subject("stats");
        Instant collected = minusYears(now, 3).minus(2, ChronoUnit.DAYS);
        Api.register(old, "commercial-statistics", "collectedAt", collected, "lastActivityAt", collected);
        Api.clocks(old).body("status", equalTo("DUE")).body("purposes[0].rule.atExpiry", equalTo("ANONYMIZE"))
                .body("purposes[0].legalBasis", equalTo("LEGITIMATE_INTEREST"));
        due.add(old);
        assertDryRun();
    }

    @Test
    void aSubjectWithNothingHeldHasNoErasureDate() {
        Api.clocks(subject("nobody")).statusCode(200).body("status", equalTo("NOTHING_HELD"))
                .body("erasureAt", nullValue());
    }

    /** The dry run lists exactly the due subjects of this test (among others'), with the rule that applies. */
    private void assertDryRun() {
        var response = Api.sweep(true).statusCode(200).body("dryRun", equalTo(true));
        if (!due.isEmpty()) {
            response.body("due.subjectId", hasItems(due.toArray()));
        }
        for (String subject : notDue) {
            response.body("due.subjectId", not(hasItem(subject)));
        }
    }
}
