package io.privacyplatform.request;

import io.privacyplatform.policy.Register;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Set;

/** request-service with {@link TestRegistry#withCustomSystem()} as its registry: a custom system to confirm for. */
public class CustomSystemProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(CustomSystemRegister.class);
    }

    @Alternative
    public static class CustomSystemRegister {

        @Produces
        @Singleton
        Register register() {
            return TestRegistry.withCustomSystem();
        }
    }
}
