package io.privacyplatform.retention.service;

import io.privacyplatform.policy.Register;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The configured datastores against the real registry of systems (policy/systems.yaml). */
class DatastoreRegistrationTest {

    private final Register register = Register.load();

    @Test
    void theRegisteredDatastoreConfiguredLeavesNothingUnconfigured() {
        assertEquals(List.of(), DatastoreRegistration.check(Set.of("account-database"), register));
    }

    @Test
    void noDatastoreConfiguredListsTheRegisteredOnesForTheReadinessCheck() {
        assertEquals(List.of("account-database"), DatastoreRegistration.check(Set.of(), register));
    }

    @Test
    void aConfiguredDatastoreThatIsNotARegisteredDatastoreStopsTheServiceAndIsNamed() {
        Set<String> configured = new LinkedHashSet<>(List.of("account-database", "billing-db", "stripe"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DatastoreRegistration.check(configured, register));
        assertEquals("Configured datastores that are not registered datastores: retention.datastores.billing-db names no "
                + "system of policy/systems.yaml (register it there with kind: datastore); retention.datastores.stripe "
                + "names a system of kind processor in policy/systems.yaml, not datastore", refused.getMessage());
    }

    @Test
    void aManifestServingAPurposeItsRegisteredSystemDoesNotListStopsTheService() {
        DatastoreRegistration.checkPurposes(Map.of("account-database", Set.of("billing", "marketing-email")), register);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DatastoreRegistration.checkPurposes(
                Map.of("account-database", Set.of("billing", "service-provision")), register));
        assertEquals("Datastore manifests and the registry of systems disagree: the manifest of datastore account-database"
                + " serves service-provision, which its system in policy/systems.yaml does not list (purposes: "
                + String.join(", ", register.system("account-database").purposes()) + ")", refused.getMessage());
    }
}
