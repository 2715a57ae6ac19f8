package io.privacyplatform.support.subject;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubjectIdsTest {

    @Test
    void sameAddressWrittenDifferentlyGivesTheSameId() {
        String id = SubjectIds.fromEmail("Alice.Martin@Example.fr", "key-1");
        assertEquals(id, SubjectIds.fromEmail("  alice.martin@example.FR ", "key-1"));
        assertTrue(id.matches("em_[0-9a-f]{64}"), id);
    }

    @Test
    void idRevealsNothingWithoutTheKey() {
        String id = SubjectIds.fromEmail("alice.martin@example.fr", "key-1");
        assertNotEquals(id, SubjectIds.fromEmail("alice.martin@example.fr", "key-2"));
        assertFalse(id.contains("alice"));
    }

    @Test
    void knownVectorStaysStableAcrossReleases() {
        // Changing the derivation would orphan every stored id: this vector must never change.
        assertEquals("em_72077525838fddbe", SubjectIds.fromEmail("a@b.c", "k").substring(0, 19));
    }
}
