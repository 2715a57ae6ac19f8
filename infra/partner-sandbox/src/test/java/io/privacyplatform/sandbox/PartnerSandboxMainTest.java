package io.privacyplatform.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PartnerSandboxMainTest {

    @Test
    void defaultsAndExplicitPorts() {
        assertArrayEquals(new int[] {8191, 8192, 8193}, PartnerSandboxMain.parsePorts(new String[0]));
        assertArrayEquals(new int[] {0, 9000, 9001}, PartnerSandboxMain.parsePorts(new String[] {"0", "9000", "9001"}));
        assertThrows(IllegalArgumentException.class, () -> PartnerSandboxMain.parsePorts(new String[] {"1", "2"}));
        assertThrows(IllegalArgumentException.class,
                () -> PartnerSandboxMain.parsePorts(new String[] {"1", "2", "x"}));
        assertThrows(IllegalArgumentException.class,
                () -> PartnerSandboxMain.parsePorts(new String[] {"1", "2", "70000"}));
    }
}
