package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The purpose and rule partner-sync names for Stripe's kept billing records are the policy file's. */
class KeptRecordsPolicyTest {

    @Test
    void theBillingPurposeIsKeptUnderTheAccountingRuleAsThePolicySays() throws IOException {
        try (InputStream in = Register.class.getClassLoader().getResourceAsStream(Register.RETENTION_POLICY_FILE)) {
            assertNotNull(in, Register.RETENTION_POLICY_FILE);
            RetentionPolicy policy = RetentionPolicy.read(in);
            RetentionPolicy.Purpose billing = policy.purpose(KeptRecords.BILLING_PURPOSE).orElseThrow();
            assertEquals(KeptRecords.ACCOUNTING_RULE, billing.rule());
            assertTrue(policy.rule(KeptRecords.ACCOUNTING_RULE).legalReference().contains("L123-22"));
        }
        assertEquals(KeptRecords.ACCOUNTING_RULE, ErasureConfirmations.STRIPE_BILLING_RECORDS.rule());
        assertEquals(Systems.STRIPE, ErasureConfirmations.STRIPE_BILLING_RECORDS.system());
    }
}
