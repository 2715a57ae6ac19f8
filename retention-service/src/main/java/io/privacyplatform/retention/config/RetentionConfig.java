package io.privacyplatform.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.Period;
import java.util.Map;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "retention")
public interface RetentionConfig {

    /** How far in the future a reported collection or activity time may lie (clocks of other services drift). */
    @WithDefault("5m")
    Duration clockSkew();

    /** The policy file on the classpath (policy/retention-policy.yaml in the policy module). */
    @WithDefault("policy/retention-policy.yaml")
    String policyFile();

    /**
     * The periods the policy leaves open ("une période d'inactivité", "la durée nécessaire au traitement"),
     * as ISO-8601 periods, by the parameter name a rule of the policy file refers to.
     */
    Inactivity inactivity();

    Sweep sweep();

    ConsentLapse consentLapse();

    ConnectionLogs connectionLogs();

    interface Inactivity {
        /** account-inactivity: an account user's data after the last activity or the contract's end. */
        @WithDefault("P2Y")
        Period account();

        /** marketing-inactivity: marketing consent after the last contact. */
        @WithDefault("P3Y")
        Period marketing();

        /** request-handling: a request or inquiry after the last exchange (1 month + 2 months extension, GDPR Art. 12(3)). */
        @WithDefault("P3M")
        Period requestHandling();

        /** By the parameter names the policy file uses. */
        default Map<String, Period> byParameter() {
            return Map.of("account-inactivity", account(), "marketing-inactivity", marketing(),
                    "request-handling", requestHandling());
        }
    }

    interface Sweep {
        /** When the scheduled sweep runs (Quarkus cron); "off" disables it (on-demand sweeps still work). */
        @WithDefault("0 15 3 * * ?")
        String cron();

        /** How many subjects a dry run lists (the counts cover them all). */
        @WithDefault("1000")
        int dryRunListLimit();

        /**
         * Due subjects read per fetch, and orders written per statement: a sweep holds one chunk in memory, whatever
         * the number of due subjects.
         */
        @WithDefault("25000")
        int chunkSize();
    }

    interface ConsentLapse {
        /** When consents whose inactivity period ended are reported (Quarkus cron); "off" disables it. */
        @WithDefault("0 45 2 * * ?")
        String cron();
    }

    interface ConnectionLogs {
        /**
         * AES-256 key (base64 of 32 bytes) that encrypts the IP addresses at rest. Without it the ingest API
         * answers 503 and nothing is stored; the rest of the service works.
         */
        Optional<String> encryptionKey();

        /** Former keys, still read for the entries written before a rotation (deploy/README.md "Keys"). */
        Optional<List<String>> retiredEncryptionKeys();

        /** Entries per ingest call. */
        @WithDefault("1000")
        int maxBatch();
    }
}
