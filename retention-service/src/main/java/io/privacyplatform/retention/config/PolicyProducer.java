package io.privacyplatform.retention.config;

import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Loads and validates the policy file once; a bad file stops the service at startup (see service.PolicyApplier). The
 * registry of systems (policy module) gives the expiry orders' expected systems and the datastores' registration.
 */
public class PolicyProducer {

    @Produces
    @Singleton
    RetentionPolicy policy(RetentionConfig config) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(config.policyFile())) {
            if (in == null) {
                throw new IllegalStateException("retention policy file " + config.policyFile() + " is not on the classpath");
            }
            return RetentionPolicy.load(in, config.inactivity().byParameter());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config.policyFile(), e);
        }
    }

    @Produces
    @Singleton
    Register register() {
        return Register.load();
    }
}
