package io.privacyplatform.partnersync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import io.privacyplatform.contracts.Systems;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach each partner. The base URLs are the partners' public API hosts (product constants, not
 * deployment hosts); credentials have no default and are only required when a task for that partner
 * runs. The REST clients read their URL from {@code quarkus.rest-client.<partner>.url}, which defaults to
 * {@code base-url} here. Each partner also has its own bound of tasks in flight, rate limit and circuit breaker
 * ({@link Limits}); the rate limits have no default here, application.properties sets them from the partners'
 * documented limits.
 */
@ConfigMapping(prefix = "partners")
public interface PartnersConfig {

    Stripe stripe();

    HubSpot hubspot();

    OpenAi openai();

    /** How the live instances of partner-sync find each other, to share each partner's rate limit. */
    Instances instances();

    /** The limits of a partner partner-sync has a connector for. */
    default Limits limits(String partner) {
        return switch (partner) {
            case Systems.STRIPE -> stripe();
            case Systems.HUBSPOT -> hubspot();
            case Systems.OPENAI -> openai();
            default -> throw new IllegalArgumentException("unknown partner " + partner);
        };
    }

    /** How hard this service may use one partner. */
    interface Limits {

        /**
         * Partner tasks in flight at once in this instance: they hold no thread, so the partner's rate limit is what
         * paces them; this only bounds the memory of a large backlog, and should stay above the rate limit's requests
         * per second times a task's duration.
         */
        @WithDefault("256")
        int maxInFlight();

        RateLimit rateLimit();

        CircuitBreaker circuitBreaker();
    }

    /**
     * The live instances of partner-sync (a table row each, refreshed every {@code heartbeat}) share every partner's
     * rate limit: with n instances, each one allows {@code requests / n} and {@code burst / n}.
     */
    interface Instances {

        /**
         * How often an instance refreshes its row and counts the live ones (also read by the scheduler, which runs
         * nothing more often than every second: 1s at least).
         */
        @WithDefault("2s")
        Duration heartbeat();

        /**
         * Age of a row after which its instance counts as dead; 3 heartbeats when not set. Shorter than a heartbeat,
         * the instances would forget each other and each take the whole limit.
         */
        @WithName("expiry")
        Optional<Duration> configuredExpiry();

        default Duration expiry() {
            return configuredExpiry().orElse(heartbeat().multipliedBy(3));
        }
    }

    /**
     * Requests (HTTP calls) per window: the partner's limit, shared by the live instances ({@link Instances}). Permits
     * are spread evenly (a token bucket refilled at {@code requests} per {@code window}, holding at most
     * {@code burst}), so no window ever sees much more than {@code requests}. A call waits for a permit; waiting is not
     * an attempt.
     */
    interface RateLimit {

        /** Requests allowed per {@link #window()}, all instances together. */
        int requests();

        @WithDefault("1s")
        Duration window();

        /** Permits that may be used at once after a quiet period; 1 spaces every call evenly. */
        @WithDefault("1")
        int burst();

        /** Longest wait for a permit; after it the task is put back, without counting an attempt. */
        @WithDefault("30s")
        Duration maxWait();
    }

    /** Opens after {@code failure-ratio} of the last {@code request-volume-threshold} tasks failed. */
    interface CircuitBreaker {

        @WithDefault("10")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** How long it stays open; tasks that meet an open breaker are put back for this long, without an attempt. */
        @WithDefault("30s")
        Duration delay();

        /** Successful trial tasks needed to close again. */
        @WithDefault("2")
        int successThreshold();
    }

    interface Stripe extends Limits {
        /** Public API host. */
        @WithDefault("https://api.stripe.com")
        String baseUrl();

        /** Secret key ({@code sk_...}); from the environment (PARTNERS_STRIPE_API_KEY), never a file in the repo. */
        Optional<String> apiKey();

        /** Sent as {@code Stripe-Version} on every call, so that a dashboard upgrade cannot change the answers. */
        @WithDefault("2026-03-25.dahlia")
        String apiVersion();

        /** How a REDACT task follows its redaction job (public preview), which Stripe validates and runs in the background. */
        Redaction redaction();

        interface Redaction {
            /** Wait between two reads of a job that is still validating or redacting. */
            @WithDefault("2s")
            Duration pollInterval();

            /**
             * How long one run follows its job; after it the task is retried later (the same Idempotency-Key finds the
             * same job again), so a lane thread is never held for long.
             */
            @WithDefault("60s")
            Duration pollTimeout();
        }
    }

    interface HubSpot extends Limits {
        @WithDefault("https://api.hubapi.com")
        String baseUrl();

        /** Private app access token, sent as a bearer token (PARTNERS_HUBSPOT_API_KEY). */
        Optional<String> apiKey();

        /**
         * API version in the path: {@code v3} for {@code /crm/v3/objects/contacts/...}, or a date version
         * such as {@code 2026-03} for {@code /crm/objects/2026-03/contacts/...}.
         */
        @WithDefault("v3")
        String apiVersion();

        /** How long to wait after a 429 of the DAILY policy (the daily quota resets at midnight, account time zone). */
        @WithDefault("1h")
        Duration dailyLimitBackoff();

        /**
         * Version of the communication preferences API in the path: {@code v4} for
         * {@code /communication-preferences/v4/statuses/...} (ends March 2027), or a date version such as {@code 2026-03}.
         */
        @WithDefault("v4")
        String communicationPreferencesVersion();
    }

    interface OpenAi extends Limits {
        /** Public API host including {@code /v1}; EU data residency: https://eu.api.openai.com/v1. */
        @WithDefault("https://api.openai.com/v1")
        String baseUrl();

        /** API key (PARTNERS_OPENAI_API_KEY). */
        Optional<String> apiKey();

        /** Optional {@code OpenAI-Organization} header. */
        Optional<String> organization();

        /** Optional {@code OpenAI-Project} header. */
        Optional<String> project();

        /**
         * Whether zero data retention is agreed with OpenAI. Without it, OpenAI keeps abuse-monitoring logs
         * up to 30 days and the confirmation says so.
         */
        @WithDefault("false")
        boolean zeroDataRetention();
    }
}
