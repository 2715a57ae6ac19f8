package io.privacyplatform.retention.rest;

import io.privacyplatform.retention.config.DatastoreErasureConfig;
import io.privacyplatform.retention.datastore.Datastores;
import io.privacyplatform.retention.service.DatastoreRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: DOWN while a registered datastore is not configured, when
 * {@code retention.datastore-erasure.require-every-datastore} (the default; off in dev and test). A rollout that
 * forgot a datastore's connection then stops at the first replica instead of leaving every erasure unconfirmed.
 */
@Readiness
@ApplicationScoped
public class DatastoresReadiness implements HealthCheck {

    private final DatastoreRegistration registration;
    private final Datastores datastores;
    private final DatastoreErasureConfig config;

    DatastoresReadiness(DatastoreRegistration registration, Datastores datastores, DatastoreErasureConfig config) {
        this.registration = registration;
        this.datastores = datastores;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean complete = registration.unconfigured().isEmpty();
        return HealthCheckResponse.named("datastores")
                .status(complete || !config.requireEveryDatastore())
                .withData("configured", String.join(",", datastores.names()))
                .withData("unconfigured", String.join(",", registration.unconfigured()))
                .build();
    }
}
