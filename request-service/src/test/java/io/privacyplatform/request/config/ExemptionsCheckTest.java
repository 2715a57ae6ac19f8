package io.privacyplatform.request.config;

import io.privacyplatform.policy.Register;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Erasure exemptions name systems of the real registry, or the service does not start (the check its startup runs). */
class ExemptionsCheckTest {

    private final Register register = Register.load();

    @Test
    void anExemptionForARegisteredSystemPasses() {
        assertDoesNotThrow(() -> RegisterProducer.checkExemptions(register, List.of(exemption("stripe"))));
    }

    @Test
    void anExemptionForAnUnregisteredSystemStopsTheServiceNamingTheSettingAndTheRegisteredSystems() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RegisterProducer.checkExemptions(register,
                List.of(exemption("stripe"), exemption("stirpe"))));
        assertEquals("requests.erasure.exemptions[1].system=stirpe is not a system of the registry (policy/systems.yaml); "
                + "registered: consent, retention, request, stripe, hubspot, openai, account-database", e.getMessage());
    }

    @Test
    void anExemptionBoundByAnUnknownRuleStopsTheService() {
        assertDoesNotThrow(() -> RegisterProducer.checkExemptions(register, List.of(exemption("stripe", "accounting-ten-years"))));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RegisterProducer.checkExemptions(register,
                List.of(exemption("stripe", "accounting-10-years"))));
        assertTrue(e.getMessage().startsWith("requests.erasure.exemptions[0].rule=accounting-10-years is not a rule of the "
                + "retention policy; rules: "), e.getMessage());
    }

    private static RequestsConfig.Exemption exemption(String system) {
        return exemption(system, null);
    }

    private static RequestsConfig.Exemption exemption(String system, String rule) {
        return new RequestsConfig.Exemption() {
            @Override
            public java.util.Optional<String> rule() {
                return java.util.Optional.ofNullable(rule);
            }

            @Override
            public String system() {
                return system;
            }

            @Override
            public String dataCategory() {
                return "billing-records";
            }

            @Override
            public String legalBasis() {
                return "French commercial code art. L123-22";
            }
        };
    }
}
