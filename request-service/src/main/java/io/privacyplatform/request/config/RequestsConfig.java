package io.privacyplatform.request.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "requests")
public interface RequestsConfig {

    /** Calendar in which "one month after receipt" is counted (GDPR Art. 12(3)). */
    @WithDefault("Europe/Paris")
    ZoneId zone();

    /** Open requests due within this many days are listed as due soon. */
    @WithDefault("7")
    int dueSoonDays();

    /** How often the overdue and attention gauges are recounted (each replica reports the same global count). */
    @WithDefault("1m")
    String metricsRefreshEvery();

    Encryption encryption();

    Erasure erasure();

    Orders orders();

    EmailVerification emailVerification();

    EmailRateLimit emailRateLimit();

    Export export();

    Purge purge();

    Notifications notifications();

    FourEyes fourEyes();

    /**
     * Four eyes (issue 15) for the decisions that cannot be undone: an erasure filed on someone's behalf and an heir's
     * request need the approvals of two officers, the second neither the one who filed it nor the first approver.
     */
    interface FourEyes {

        /** Off by default (a single officer approves); on in production ({@code REQUESTS_FOUR_EYES_ENABLED=true}). */
        @WithDefault("false")
        boolean enabled();
    }

    /** The mails to the person (issue 14): the durable queue's sender and its retries. */
    interface Notifications {

        /** How often due notifications are sent (Quarkus {@code every}; {@code off} disables the sender, as in tests). */
        @WithDefault("30s")
        String sendEvery();

        /** Wait before the second attempt of a failed mail; doubled at each failure up to {@code max-backoff}. */
        @WithDefault("1m")
        Duration initialBackoff();

        @WithDefault("6h")
        Duration maxBackoff();

        /** After this many failed attempts a notification shows on the officer's attention list (it is still retried). */
        @WithDefault("5")
        int attentionAfterAttempts();

        /**
         * How long a restriction's lift waits for its mail to the person (GDPR Art. 18(3)) when it cannot be delivered;
         * the lift order then goes out anyway, and the officer sees why in the audit trail.
         */
        @WithDefault("2d")
        Duration liftWaitsAtMost();

        /** Notifications sent per run. */
        @WithDefault("20")
        int batch();
    }

    /**
     * The purge of request-service's own records by the rules {@code heldBy: request-service} of retention-policy.yaml
     * (their periods come from that file, never from here).
     */
    interface Purge {

        /** When the purge runs (Quarkus cron, seconds first; {@code off} disables it): hourly by default. */
        @WithDefault("0 17 * * * ?")
        String cron();
    }

    /** Access and portability exports (GDPR Art. 15 and 20), assembled from every service's slice. */
    interface Export {

        /** How long a download link works after it was issued. */
        @WithDefault("7d")
        Duration linkTtl();

        /** How often pending exports fetch their missing slices (one replica at a time). */
        @WithDefault("30s")
        String workEvery();

        /** Wait before the first retry of a failed slice; doubled at each failure up to {@code max-backoff}. */
        @WithDefault("30s")
        Duration initialBackoff();

        @WithDefault("1h")
        Duration maxBackoff();

        /** Slices fetched per run (each call is bounded by the client's timeout). */
        @WithDefault("20")
        int batch();
    }

    /** The one-time code that proves a person filing by email holds the address. */
    interface EmailVerification {

        /** How long a code is accepted after it was sent. */
        @WithDefault("15m")
        Duration codeTtl();

        /** Wrong codes allowed; the last one closes the filing as unverified. */
        @WithDefault("5")
        int maxAttempts();

        /** Digits of the code (at least 6). */
        @WithDefault("6")
        int codeDigits();
    }

    /** Limits of the unauthenticated email channel, counted in fixed windows shared by every replica. */
    interface EmailRateLimit {

        /** Length of a counting window (at most one day). */
        @WithDefault("1h")
        Duration window();

        /** Filings per email address per window. */
        @WithDefault("3")
        int perEmail();

        /** Calls (filings and verifications) per client IP per window. */
        @WithDefault("30")
        int perIp();
    }

    /** The person's links (issue 14): a signed, expiring link to one request's status page and export, in every mail. */
    PersonLinks personLinks();

    interface PersonLinks {

        /**
         * request-service's public address as the person reaches it (e.g. {@code https://privacy.example.com}), the
         * links' base. A hostname: never in the default profile.
         */
        String baseUrl();

        /** Base64 of at least 32 random bytes: the HMAC-SHA256 key signing the links. A secret: never in the default profile. */
        String signingKey();

        /** Former signing keys, which still open the links they signed (key rotation, deploy/README.md). */
        Optional<List<String>> retiredSigningKeys();

        /** How long a link opens its request's page; every mail carries a fresh one. */
        @WithDefault("60d")
        Duration ttl();
    }

    /** AES-256-GCM key of the columns holding personal data and free text (policy §10). A secret: never in the default profile. */
    interface Encryption {

        /** Base64 (standard or URL-safe, padding optional) of 32 random bytes; new data is encrypted with it. */
        String key();

        /** Former keys, still accepted for reading data written before a rotation. */
        Optional<List<String>> retiredKeys();
    }

    /**
     * Erasure orders. Their expected systems, like those of every order, come from the registry of systems
     * ({@code Register.expectedSystems}), never from configuration.
     */
    interface Erasure {

        /**
         * Data kept despite erasure, with the legal basis (GDPR Art. 17(3)); sent with every order. Each names a
         * registered system, or the service does not start.
         */
        List<Exemption> exemptions();
    }

    /** Orders confirmed per system: erasure, rectification, restriction. */
    interface Orders {

        /** A system silent this long after the order puts the request on the privacy officer's attention list. */
        @WithDefault("7d")
        Duration silenceAlert();

        /** How often silent systems are looked for (one replica at a time). */
        @WithDefault("5m")
        String silenceCheckEvery();
    }

    interface Exemption {
        String system();

        String dataCategory();

        String legalBasis();

        /** The retention rule whose end ends the keeping (retention-service then orders its erasure), if one does. */
        Optional<String> rule();
    }
}
