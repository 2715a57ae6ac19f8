package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capability model: what each partner supports, as the planners, the engine and the export read it. */
class PartnerObjectTypeTest {

    @Test
    void taskKindsPerPartner() {
        assertEquals(List.of(TaskKind.ERASE, TaskKind.RECTIFY, TaskKind.LOOKUP), PartnerObjectType.taskKindsOf(Systems.STRIPE));
        assertEquals(List.of(TaskKind.ERASE, TaskKind.UNSUBSCRIBE, TaskKind.RECTIFY, TaskKind.LOOKUP),
                PartnerObjectType.taskKindsOf(Systems.HUBSPOT));
        assertEquals(List.of(TaskKind.ERASE), PartnerObjectType.taskKindsOf(Systems.OPENAI));
        assertEquals(List.of(), PartnerObjectType.taskKindsOf("datastore"));
    }

    @Test
    void everyTypeCanBeErasedAndOnlyContactRecordsAreReadOrRectified() {
        Arrays.stream(PartnerObjectType.values()).forEach(type -> assertTrue(type.supports(TaskKind.ERASE), type.name()));
        assertTrue(PartnerObjectType.supports(Systems.STRIPE, "customer", Capability.EXPORT_READ));
        assertTrue(PartnerObjectType.supports(Systems.HUBSPOT, "contact", Capability.RECTIFY));
        assertFalse(PartnerObjectType.supports(Systems.OPENAI, "response", Capability.EXPORT_READ));
        assertFalse(PartnerObjectType.supports(Systems.OPENAI, Capability.RECTIFY));
        assertFalse(PartnerObjectType.supports(Systems.STRIPE, "contact", Capability.ERASE), "not a Stripe type");
    }

    @Test
    void lookupByEmailFindsTheContactRecordType() {
        assertEquals(Optional.of(PartnerObjectType.STRIPE_CUSTOMER), PartnerObjectType.foundByLookup(Systems.STRIPE));
        assertEquals(Optional.of(PartnerObjectType.HUBSPOT_CONTACT), PartnerObjectType.foundByLookup(Systems.HUBSPOT));
        assertEquals(Optional.empty(), PartnerObjectType.foundByLookup(Systems.OPENAI));
    }

    @Test
    void everyTaskKindIsACapability() {
        for (TaskKind kind : TaskKind.values()) {
            assertEquals(kind.name(), Capability.of(kind).name());
        }
    }
}
