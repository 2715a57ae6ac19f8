package io.privacyplatform.partnersync.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read-back comparison of a rectification: what a partner may do to a value without changing it. */
class FieldComparisonTest {

    @Test
    void emailsCompareWithoutCaseAndSurroundingSpaces() {
        assertTrue(FieldComparison.sameValue("email", "Camille.Martin@Example.fr", " camille.martin@example.fr "));
        assertFalse(FieldComparison.sameValue("email", "camille.martin@example.fr", "camille.dupont@example.fr"));
    }

    @Test
    void phonesCompareByPlusAndDigitsOnly() {
        assertTrue(FieldComparison.sameValue("phone", "+33 6 12 34 56 78", "+33612345678"));
        assertTrue(FieldComparison.sameValue("phone", "+33 (6) 12-34.56.78", "+33 6 12 34 56 78"));
        assertFalse(FieldComparison.sameValue("phone", "06 12 34 56 78", "+33 6 12 34 56 78"), "a reformatting that changes digits is a mismatch");
    }

    @Test
    void namesKeepTheirCaseButNotExtraSpaces() {
        assertTrue(FieldComparison.sameValue("name", "Camille  Martin", "Camille Martin"));
        assertFalse(FieldComparison.sameValue("name", "Camille Martin", "camille martin"));
        assertFalse(FieldComparison.sameValue("first-name", "Camille", null), "a value that did not arrive");
        assertTrue(FieldComparison.sameValue("phone", "", null), "a cleared field reads back as absent");
    }
}
