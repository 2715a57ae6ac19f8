package io.privacyplatform.support.journal;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalChainTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:17:00.123456789Z");

    private static JournalChain.Fields fields(String actor, String client, String subjectId) {
        return new JournalChain.Fields("5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f", JournalChain.storable(AT), "token", actor,
                client, "READ", null, "request-details", subjectId, null, "GET /requests/{id}");
    }

    @Test
    void theHashIsSha256HexAndDependsOnThePreviousHashAndEveryField() {
        String hash = JournalChain.hash(JournalChain.GENESIS, fields("dpo-1", "privacy-console", "usr_1"));
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
        assertEquals(hash, JournalChain.hash(JournalChain.GENESIS, fields("dpo-1", "privacy-console", "usr_1")));
        assertNotEquals(hash, JournalChain.hash("1" + JournalChain.GENESIS.substring(1), fields("dpo-1", "privacy-console", "usr_1")));
        assertNotEquals(hash, JournalChain.hash(JournalChain.GENESIS, fields("dpo-2", "privacy-console", "usr_1")));
        assertNotEquals(hash, JournalChain.hash(JournalChain.GENESIS, fields("dpo-1", "privacy-console", "usr_2")));
    }

    @Test
    void aValueCannotBeMovedAcrossFieldsNorANullPassForAValue() {
        // Without lengths, "dpo-1;" + "x" and "dpo-1" + ";x" would read the same.
        assertNotEquals(JournalChain.hash(JournalChain.GENESIS, fields("dpo-1;", "x", "usr_1")),
                JournalChain.hash(JournalChain.GENESIS, fields("dpo-1", ";x", "usr_1")));
        assertNotEquals(JournalChain.hash(JournalChain.GENESIS, fields("dpo-1", null, "usr_1")),
                JournalChain.hash(JournalChain.GENESIS, fields("dpo-1", "-", "usr_1")));
    }

    @Test
    void instantsAreHashedAsPostgresqlKeepsThem() {
        assertEquals(Instant.parse("2026-12-03T10:17:00.123456Z"), JournalChain.storable(AT));
    }
}
