package io.privacyplatform.launchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    private static Path jar;

    @BeforeAll
    static void packageFakeApp() throws Exception {
        Path dir = TestDirs.fresh("fake-app");
        jar = dir.resolve("quarkus-app").resolve("quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeQuarkusApp.class.getName());
        String entry = FakeQuarkusApp.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest);
                InputStream classBytes = FakeQuarkusApp.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            classBytes.transferTo(jarOut);
            jarOut.closeEntry();
        }
    }

    @Test
    void startsWaitsForReadinessPassesConfigAndStops() throws Exception {
        Path workDir = TestDirs.fresh("service-run");
        try (ServiceProcess service = ServiceProcess.start("fake-service", jar, 0,
                Map.of("my.setting", "a value with spaces"), workDir)) {
            System.out.printf("[figures] fake service JVM ready in %d ms%n", service.startupTime().toMillis());
            assertEquals("a value with spaces", get(service.baseUrl() + "/config?key=my.setting"));
            assertEquals("127.0.0.1", get(service.baseUrl() + "/config?key=quarkus.http.host"));
            assertTrue(Files.exists(workDir.resolve("fake-service.pid")));
            long pid = service.pid();
            service.stop();
            assertFalse(ProcessHandle.of(pid).map(ProcessSupport::isLive).orElse(false));
            assertFalse(Files.exists(workDir.resolve("fake-service.pid")));
            assertTrue(Files.readString(service.logFile()).contains("fake app: stopping"), "graceful stop");
        }
    }

    @Test
    void failsWithTheLogTailWhenTheAppDies() {
        Path workDir = TestDirs.fresh("service-fail");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(
                "failing", jar, 0, Map.of("fake.fail", "true"), workDir, List.of(), Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void reapsAnEarlierInstanceOfTheSameName() {
        Path workDir = TestDirs.fresh("service-orphan");
        ServiceProcess first = ServiceProcess.start("svc", jar, 0, Map.of(), workDir);
        try (ServiceProcess second = ServiceProcess.start("svc", jar, 0, Map.of(), workDir)) {
            assertFalse(first.isRunning());
            assertTrue(second.isRunning());
            first.stop();
            assertTrue(Files.exists(workDir.resolve("svc.pid")), "the late stop of the first keeps the second's pid file");
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
