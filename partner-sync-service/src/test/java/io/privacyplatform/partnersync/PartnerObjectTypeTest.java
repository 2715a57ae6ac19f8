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
        assertEquals(List.of(TaskKind.ERASE, TaskKind.RECTIFY, TaskKind.LOOKUP, TaskKind.REDACT),
                PartnerObjectType.taskKindsOf(Systems.STRIPE));
        assertEquals(List.of(TaskKind.ERASE, TaskKind.UNSUBSCRIBE, TaskKind.RECTIFY, TaskKind.LOOKUP),
                PartnerObjectType.taskKindsOf(Systems.HUBSPOT));
        assertEquals(List.of(TaskKind.ERASE), PartnerObjectType.taskKindsOf(Systems.OPENAI));
        assertEquals(List.of(), PartnerObjectType.taskKindsOf("datastore"));
    }

    @Test
    void everyTypeCanBeErasedOrRedactedAndOnlyContactRecordsAreReadOrRectified() {
        // Stripe's billing records cannot be deleted (accounting records): only redacted, once their retention ends.
        List<PartnerObjectType> kept = List.of(PartnerObjectType.STRIPE_INVOICE, PartnerObjectType.STRIPE_CHARGE,
                PartnerObjectType.STRIPE_PAYMENT_INTENT);
        Arrays.stream(PartnerObjectType.values()).forEach(type -> assertTrue(
                kept.contains(type) ? type.supports(TaskKind.REDACT) && !type.supports(TaskKind.ERASE)
                        : type.supports(TaskKind.ERASE) && !type.supports(TaskKind.REDACT), type.name()));
        assertEquals(Optional.of(PartnerObjectType.STRIPE_CHARGE),
                PartnerObjectType.ofId(Systems.STRIPE, "py_123", Capability.REDACT), "a non-card charge");
        assertEquals(Optional.empty(), PartnerObjectType.ofId(Systems.STRIPE, "cus_123", Capability.REDACT));
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
