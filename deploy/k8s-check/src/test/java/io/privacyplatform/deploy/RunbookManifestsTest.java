package io.privacyplatform.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifests deploy/README.md tells operators to apply (deploy/k8s/runbook) are valid too. */
class RunbookManifestsTest {

    @Test
    void everyRunbookManifestIsValid() throws IOException {
        SchemaValidator validator = new SchemaValidator();
        List<String> problems = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        try (Stream<Path> files = Files.list(Manifests.ROOT.resolve("deploy/k8s/runbook"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (ObjectNode object : Manifests.parse(Files.readString(file))) {
                    kinds.add(object.path("kind").asText());
                    validator.validate(object).forEach(p -> problems.add(file.getFileName() + ": " + p));
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(kinds.containsAll(List.of("Pod", "Cluster")), kinds.toString());
    }
}
