package io.privacyplatform.launchers;

import java.nio.file.Path;

/** Fresh per-test directories under target/test-infra (kept after the run for inspection). */
final class TestDirs {

    private TestDirs() {
    }

    static Path fresh(String name) {
        Path dir = Path.of("target", "test-infra", name).toAbsolutePath();
        ProcessSupport.deleteRecursively(dir);
        return dir;
    }
}
