package io.privacyplatform.consent.config;

import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The retention policy (policy module, {@code retention-policy.yaml}) as written: a scoped erasure names policy
 * purposes, and the policy says which consent purpose serves each ({@code consentPurpose}). A policy naming a consent
 * purpose this service does not know is refused when the bean is first used.
 */
public class RetentionPolicyProducer {

    @Produces
    @Singleton
    RetentionPolicy retentionPolicy() {
        RetentionPolicy policy;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(Register.RETENTION_POLICY_FILE)) {
            if (in == null) {
                throw new IllegalStateException(Register.RETENTION_POLICY_FILE + " is not on the classpath");
            }
            policy = RetentionPolicy.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Register.RETENTION_POLICY_FILE, e);
        }
        List<String> unknown = policy.purposes().stream().map(RetentionPolicy.Purpose::consentPurpose)
                .filter(c -> c != null && ConsentPurpose.fromCode(c).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(Register.RETENTION_POLICY_FILE + " names consent purposes this service does not know: "
                    + unknown + " (known: " + ConsentPurpose.codes() + ")");
        }
        return policy;
    }
}
