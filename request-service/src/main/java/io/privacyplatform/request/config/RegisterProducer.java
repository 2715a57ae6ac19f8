package io.privacyplatform.request.config;

import io.privacyplatform.policy.Register;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The register of processing, loaded once from the policy module; a broken file stops the service at startup. */
public class RegisterProducer {

    @Produces
    @Singleton
    Register register() {
        return Register.load();
    }
}
