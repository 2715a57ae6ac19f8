package io.privacyplatform.retention.service;

import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.Register.RegisteredSystem;
import io.privacyplatform.retention.datastore.Datastores;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the configured datastores against the registry of systems at startup: each must be a registered system of
 * kind {@value #KIND} (its confirmations carry that name, and request-service accepts them only for a registered
 * system), else the service does not start and says which. A registered, connected datastore that this service
 * answers for but does not configure is logged and listed by {@link #unconfigured()} (the readiness check).
 */
@Startup
@ApplicationScoped
public class DatastoreRegistration {

    static final String KIND = "datastore";
    static final String CONFIRMED_BY = "retention-service";

    private final List<String> unconfigured;

    DatastoreRegistration(Datastores datastores, Register register) {
        unconfigured = check(datastores.names(), register);
        Map<String, Set<String>> purposes = new LinkedHashMap<>();
        datastores.names().forEach(name -> purposes.put(name, datastores.purposes(name)));
        checkPurposes(purposes, register);
        if (!unconfigured.isEmpty()) {
            Log.warnf("Registered datastore(s) %s are not configured here (retention.datastores.<name>.jdbc-url): every "
                    + "erasure order expects them and will wait for their confirmation", unconfigured);
        }
    }

    /**
     * @return the registered, connected datastores this service answers for that are not among {@code configured}
     * @throws IllegalStateException naming every configured datastore that is not a registered datastore
     */
    static List<String> check(Set<String> configured, Register register) {
        List<String> problems = new ArrayList<>();
        for (String name : configured) {
            Optional<RegisteredSystem> system = register.findSystem(name);
            if (system.isEmpty()) {
                problems.add("retention.datastores." + name + " names no system of " + Register.SYSTEMS_FILE
                        + " (register it there with kind: " + KIND + ")");
            } else if (!KIND.equals(system.get().kind())) {
                problems.add("retention.datastores." + name + " names a system of kind " + system.get().kind()
                        + " in " + Register.SYSTEMS_FILE + ", not " + KIND);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Configured datastores that are not registered datastores: "
                    + String.join("; ", problems));
        }
        return register.systemsOfKind(KIND).stream()
                .filter(s -> s.connected() && CONFIRMED_BY.equals(s.confirmedBy()) && s.takesPartIn("erase"))
                .map(RegisteredSystem::name)
                .filter(name -> !configured.contains(name))
                .toList();
    }

    /**
     * Every purpose a datastore's manifest serves must be one of its registered system's purposes: the registry
     * decides which systems a scoped erasure names (Register.planErasure), so a purpose only the manifest knows would
     * never reach the datastore's tables.
     *
     * @throws IllegalStateException naming each datastore and the purposes its registration lacks
     */
    static void checkPurposes(Map<String, Set<String>> manifestPurposes, Register register) {
        List<String> problems = new ArrayList<>();
        manifestPurposes.forEach((name, purposes) -> register.findSystem(name).ifPresent(system -> {
            List<String> missing = purposes.stream().filter(p -> !system.purposes().contains(p)).toList();
            if (!missing.isEmpty()) {
                problems.add("the manifest of datastore " + name + " serves " + String.join(", ", missing)
                        + ", which its system in " + Register.SYSTEMS_FILE + " does not list (purposes: "
                        + String.join(", ", system.purposes()) + ")");
            }
        }));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Datastore manifests and the registry of systems disagree: "
                    + String.join("; ", problems));
        }
    }

    /** Registered, connected datastores this service answers for and does not configure. */
    public List<String> unconfigured() {
        return unconfigured;
    }
}
