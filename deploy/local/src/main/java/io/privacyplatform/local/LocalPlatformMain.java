package io.privacyplatform.local;

import io.privacyplatform.launchers.LocalIssuer;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.MailServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * {@code deploy/local/run}: starts the platform on the fixed local ports, prints how to use it, and runs
 * until Ctrl-C. Data (Kafka log, databases, issuer key) stays in {@code .local/} and survives a restart.
 * <p>
 * The console gets the banner and errors only; everything the launchers and the Kafka admin client log goes to
 * {@code .local/launcher.log} (services, Kafka and PostgreSQL have their own logs next to it).
 * <p>
 * Issuer: the built-in one, or Keycloak with {@code -Dplatform.issuer=keycloak -Dkeycloak.java-home=<Java 21+>
 * -Dkeycloak.dist=<keycloak-quarkus-dist zip>} ({@code deploy/local/run --keycloak} finds and passes both).
 */
public final class LocalPlatformMain {

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        Path workDir = root.resolve(System.getProperty("platform.work-dir", ".local"));
        Instant begin = Instant.now();
        Path log = logToFile(workDir);
        System.out.println("Starting the privacy platform (data in " + workDir + ") ...");

        LocalPlatform platform;
        try {
            platform = LocalPlatform.wholePlatform(root, workDir, LocalPlatform.Ports.local(), Map.of())
                    .issuer(issuer(root)).start();
        } catch (RuntimeException e) {
            Logger.getLogger(LocalPlatformMain.class.getName()).log(Level.WARNING, "start failed", e);
            System.err.println("The platform did not start: " + e.getMessage());
            System.err.println("Details: " + log + " and the logs in " + workDir.resolve("services") + ", "
                    + workDir.resolve("kafka") + ", " + workDir.resolve("postgres"));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the platform ...");
            platform.close();
            stopped.countDown();
        }, "platform-shutdown"));

        System.out.println(banner(platform, Duration.between(begin, Instant.now())));
        stopped.await();
    }

    /**
     * Sends java.util.logging (the launchers' own logging, and slf4j's: Kafka's admin client prints its whole
     * configuration at each start) to {@code <workDir>/launcher.log}; only errors reach the console.
     */
    static Path logToFile(Path workDir) {
        Path file = workDir.resolve("launcher.log");
        try {
            Files.createDirectories(workDir);
            LogManager.getLogManager().reset();
            Logger root = Logger.getLogger("");
            FileHandler toFile = new FileHandler(file.toString(), false);
            toFile.setFormatter(new SimpleFormatter());
            toFile.setLevel(Level.ALL);
            Handler errors = new ConsoleHandler();
            errors.setLevel(Level.SEVERE);
            root.addHandler(toFile);
            root.addHandler(errors);
            root.setLevel(Level.INFO);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The issuer chosen by the system property {@code platform.issuer}: {@code built-in} (default) or {@code keycloak}. */
    static LocalIssuer.Starter issuer(Path root) {
        String kind = System.getProperty("platform.issuer", "built-in");
        return switch (kind) {
            case "built-in" -> LocalIssuer::builtIn;
            case "keycloak" -> KeycloakServer.starter(Path.of(required("keycloak.java-home")),
                    Path.of(required("keycloak.dist")), root.resolve("deploy/k8s/base/keycloak/realm-privacy.json"));
            default -> throw new IllegalArgumentException("platform.issuer is built-in or keycloak, not " + kind);
        };
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("-D" + property + " is required with -Dplatform.issuer=keycloak");
        }
        return value;
    }

    static String banner(LocalPlatform platform, Duration startup) {
        String issuer = platform.issuer().issuerUrl();
        StringBuilder out = new StringBuilder();
        out.append("\nPrivacy platform is up in ").append(startup.toSeconds()).append(" s. Ctrl-C stops everything.\n\n");
        out.append(String.format("  %-22s %s   (sign in as a local privacy officer or operator)%n", "officer's console",
                platform.consoleUrl()));
        MailServer mails = platform.mailServer();
        out.append(String.format("  %-22s %s   (or deploy/local/mails; SMTP 127.0.0.1:%d, kept until Ctrl-C)%n",
                "mails sent", mails.pageUrl(), mails.smtpPort()));
        for (String service : LocalPlatform.SERVICES) {
            String url = platform.serviceUrl(service);
            out.append(String.format("  %-22s %s   (health %s/q/health, OpenAPI %s/q/openapi, metrics %s/q/metrics)%n",
                    service, url, url, url, url));
        }
        out.append(String.format("  %-22s %s%n", "kafka", platform.kafka().bootstrapServers()));
        out.append(String.format("  %-22s %s (user %s)%n", "postgresql", platform.postgres().jdbcUrl("<service>"),
                platform.postgres().username()));
        for (LocalPlatform.Datastore datastore : platform.datastores()) {
            out.append(String.format("  %-22s %s (datastore of retention-service, manifest .local/datastores/%s.yaml;"
                    + " seeded subjects user-alice ... user-emma)%n", datastore.name(),
                    platform.postgres().jdbcUrl(datastore.database()), datastore.name()));
        }
        out.append(String.format("  %-22s %s%n", "token issuer", issuer));
        out.append(String.format("  %-22s stripe %s  hubspot %s  openai %s%n", "partner sandbox",
                platform.sandbox().stripeBaseUrl(), platform.sandbox().hubspotBaseUrl(), platform.sandbox().openaiBaseUrl()));
        out.append("  logs: .local/launcher.log, .local/services/*.log, .local/kafka, .local/postgres\n\n");

        out.append("Tokens (a person: data-subject, privacy-officer, operator, sub = subject id; a product backend:"
                + " web-backend, billing-backend, with only its roles):\n");
        out.append(platform.issuer().howToGetTokens()).append('\n');

        out.append("Try an erasure end to end (or run deploy/local/example: a seeded account erased too):\n");
        out.append(example(platform));
        return out.toString();
    }

    static String example(LocalPlatform platform) {
        String requests = platform.serviceUrl("request-service");
        return """
                  SUBJECT=$(deploy/local/token data-subject alice-42)
                  DPO=$(deploy/local/token privacy-officer dpo-1)
                  REQUEST=$(curl -s -X POST %1$s/requests -H "Authorization: Bearer $SUBJECT" \\
                      -H 'Content-Type: application/json' -d '{"type":"ERASURE"}' | sed -E 's/.*"id":"([^"]+)".*/\\1/')
                  curl -s -X POST %1$s/requests/$REQUEST/approve -H "Authorization: Bearer $DPO"; echo
                  sleep 3; curl -s %1$s/requests/$REQUEST/receipt -H "Authorization: Bearer $SUBJECT"; echo
                """.formatted(requests);
    }

    private LocalPlatformMain() {
    }
}
