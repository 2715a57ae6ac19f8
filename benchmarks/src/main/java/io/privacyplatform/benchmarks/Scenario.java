package io.privacyplatform.benchmarks;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.sandbox.Partner;

import java.util.ArrayList;
import java.util.List;

/**
 * Which partner objects the subjects of a run hold, and which partners their orders expect. Every object is one
 * erasure task at partner-sync, and an erase plus a read-back at the partner (two calls).
 *
 * @param name            as on the command line
 * @param expectedSystems the orders' {@code expectedSystems}: one confirmation from each
 * @param stripeShare     share of subjects with a Stripe customer
 * @param hubspotShare    share of subjects with a HubSpot contact
 * @param openaiShare     share of subjects with an OpenAI response
 */
record Scenario(String name, List<String> expectedSystems, double stripeShare, double hubspotShare, double openaiShare) {

    static final List<String> NAMES = List.of("mix", "stripe", "hubspot", "openai");

    static Scenario of(String name, BenchmarkOptions options) {
        return switch (name) {
            case "mix" -> new Scenario(name, List.of(Systems.STRIPE, Systems.HUBSPOT, Systems.OPENAI), options.stripeShare(), options.hubspotShare(), 1);
            case "stripe" -> new Scenario(name, List.of(Systems.STRIPE), 1, 0, 0);
            case "hubspot" -> new Scenario(name, List.of(Systems.HUBSPOT), 0, 1, 0);
            case "openai" -> new Scenario(name, List.of(Systems.OPENAI), 0, 0, 1);
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }

    /** What the subjects hold, e.g. "OpenAI response 100%, Stripe customer 20%, HubSpot contact 4%". */
    String holdings() {
        List<String> parts = new ArrayList<>();
        if (openaiShare > 0) {
            parts.add("OpenAI response " + percent(openaiShare));
        }
        if (stripeShare > 0) {
            parts.add("Stripe customer " + percent(stripeShare));
        }
        if (hubspotShare > 0) {
            parts.add("HubSpot contact " + percent(hubspotShare));
        }
        return String.join(", ", parts);
    }

    /** A partner object of a subject, registered at partner-sync (the stub answers for any id). */
    record Holding(String partner, String objectType, String objectId, String purpose) {
    }

    /** A pseudonymous subject and its objects; no name, email or phone anywhere. */
    record Subject(String subjectId, List<Holding> holdings) {
    }

    /**
     * {@code count} subjects with ids unique to run number {@code run} of this benchmark. Shares are spread evenly
     * (subject i holds an object when floor((i+1)·share) > floor(i·share)), so the counts are exact.
     */
    List<Subject> subjects(int run, int count) {
        List<Subject> subjects = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<Holding> holdings = new ArrayList<>(3);
            if (picks(stripeShare, i)) {
                holdings.add(new Holding(Systems.STRIPE, "customer", "cus_bench" + run + "x" + i, "billing"));
            }
            if (picks(hubspotShare, i)) {
                holdings.add(new Holding(Systems.HUBSPOT, "contact", Long.toString((run + 1) * 10_000_000L + i), "crm"));
            }
            if (picks(openaiShare, i)) {
                holdings.add(new Holding(Systems.OPENAI, "response", "resp_bench" + run + "x" + i, "assistant"));
            }
            subjects.add(new Subject("bench-" + name + "-" + run + "-" + i, List.copyOf(holdings)));
        }
        return subjects;
    }

    static Partner sandboxPartner(String system) {
        return switch (system) {
            case Systems.STRIPE -> Partner.STRIPE;
            case Systems.HUBSPOT -> Partner.HUBSPOT;
            case Systems.OPENAI -> Partner.OPENAI;
            default -> throw new IllegalArgumentException("not a partner: " + system);
        };
    }

    private static boolean picks(double share, int i) {
        return Math.floor((i + 1) * share) > Math.floor(i * share);
    }

    private static String percent(double share) {
        double p = share * 100;
        return (p == Math.rint(p) ? Long.toString((long) p) : String.format(java.util.Locale.ROOT, "%.1f", p)) + "%";
    }
}
