package io.privacyplatform.partnersync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach each partner. The base URLs are the partners' public API hosts (product constants, not
 * deployment hosts); credentials have no default and are only required when a task for that partner
 * runs. The REST clients read their URL from {@code quarkus.rest-client.<partner>.url}, which defaults to
 * {@code base-url} here.
 */
@ConfigMapping(prefix = "partners")
public interface PartnersConfig {

    Stripe stripe();

    HubSpot hubspot();

    OpenAi openai();

    interface Stripe {
        /** Public API host. */
        @WithDefault("https://api.stripe.com")
        String baseUrl();

        /** Secret key ({@code sk_...}); from the environment (PARTNERS_STRIPE_API_KEY), never a file in the repo. */
        Optional<String> apiKey();

        /** Sent as {@code Stripe-Version} on every call, so that a dashboard upgrade cannot change the answers. */
        @WithDefault("2026-03-25.dahlia")
        String apiVersion();
    }

    interface HubSpot {
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
    }

    interface OpenAi {
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
