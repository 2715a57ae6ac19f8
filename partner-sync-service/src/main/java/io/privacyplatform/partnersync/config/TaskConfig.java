package io.privacyplatform.partnersync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** The durable partner tasks: worker pace, leases, retry backoff and when to give up. */
@ConfigMapping(prefix = "partner-sync")
public interface TaskConfig {

    Worker worker();

    Retry retry();

    Metrics metrics();

    Unsubscribe unsubscribe();

    EmailLookup emailLookup();

    Export export();

    interface Worker {
        /**
         * How often each partner's lane looks for due tasks and expired leases (also read by the scheduler as
         * {@code partner-sync.worker.every}). New tasks and finished ones wake the lanes up in between.
         */
        @WithDefault("1s")
        String every();

        /** Tasks claimed per partner in one claim transaction at most (also bounded by free worker threads). */
        @WithDefault("20")
        int batchSize();

        /**
         * Results stored in one transaction at most. Results are written by one thread as they come: under load the
         * ones that arrived while the previous transaction ran go together; alone, a result is stored at once.
         */
        @WithDefault("100")
        int resultBatchSize();

        /**
         * How long the result writer waits for more results once it holds fewer than a batch: one transaction then
         * stores several (its statements and commit are most of a result's cost), for a few milliseconds of latency.
         * 0 stores what came at once.
         */
        @WithDefault("10ms")
        Duration resultLinger();

        /**
         * How long a claimed task belongs to the instance that claimed it. A task still IN_FLIGHT after that (its
         * instance crashed or hangs) is claimed again. Longer than the slowest task: rate-limit waits and calls.
         */
        @WithDefault("5m")
        Duration lease();

        /** At shutdown, how long running tasks may take to finish before they are put back. */
        @WithDefault("10s")
        Duration shutdownGrace();
    }

    interface Retry {
        /** Backoff before the second attempt; doubles after every failure. */
        @WithDefault("2s")
        Duration initialBackoff();

        /** Cap of the backoff, and of any wait a partner asks for. */
        @WithDefault("15m")
        Duration maxBackoff();

        /** Share of the backoff that is random (0 = none, 1 = full jitter). */
        @WithDefault("0.5")
        double jitter();

        /** Counted attempts per task before it is DEAD. */
        @WithDefault("25")
        int maxAttempts();

        /** Age of a task (from creation or its last manual retry) after which it is DEAD instead of rescheduled. */
        @WithDefault("72h")
        Duration maxAge();
    }

    interface Unsubscribe {
        /**
         * Purpose codes whose withdrawal (consent-changed, granted=false) unsubscribes the subject's HubSpot contacts
         * from all email.
         */
        @WithDefault("marketing-email")
        List<String> purposes();
    }

    /**
     * Lookup by email at erasure time, for Stripe and HubSpot when the subject has no processor record there. The
     * address comes from retention-service, from the datastores' contact columns ({@code quarkus.rest-client.subject-contact.url}) over authenticated HTTP.
     */
    interface EmailLookup {
        /** Off by default: the processor records are the primary ledger. */
        @WithDefault("false")
        boolean enabled();

        /** Partners searched (those that can be searched by email). */
        @WithDefault("stripe,hubspot")
        List<String> partners();
    }

    /** The access export (GDPR Art. 15): what Stripe and HubSpot hold, read live within the request. */
    interface Export {
        /** Longest time one export may spend reading the partners; objects not read by then are UNAVAILABLE. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Partner reads of one export in flight at once. They hold no thread; the bound is for the partners' rate
         * limits: a read reserves its permit when it starts, and a read the time limit cancels would have held a
         * permit the tasks need.
         */
        @WithDefault("8")
        int concurrency();

        /**
         * HubSpot contact properties read and exported (those with a value). The personal data the platform puts
         * there; add any custom property the portal fills.
         */
        @WithDefault("firstname,lastname,email,phone,mobilephone,company,jobtitle,address,city,state,zip,country,website")
        List<String> hubspotProperties();
    }

    interface Metrics {
        /** How often the task gauges (by partner, state and kind; oldest pending age) are read from the database. */
        @WithDefault("15s")
        String every();
    }
}
