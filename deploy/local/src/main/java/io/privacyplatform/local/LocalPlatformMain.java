package io.privacyplatform.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code deploy/local/run}: starts the platform on the fixed local ports, prints how to use it, and runs
 * until Ctrl-C. Data (Kafka log, databases, issuer key) stays in {@code .local/} and survives a restart.
 */
public final class LocalPlatformMain {

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        Path workDir = root.resolve(System.getProperty("platform.work-dir", ".local"));
        Instant begin = Instant.now();
        System.out.println("Starting the privacy platform (data in " + workDir + ") ...");

        LocalPlatform platform = LocalPlatform.start(root, workDir, LocalPlatform.Ports.local(), Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the platform ...");
            platform.close();
            stopped.countDown();
        }, "platform-shutdown"));

        System.out.println(banner(platform, Duration.between(begin, Instant.now())));
        stopped.await();
    }

    static String banner(LocalPlatform platform, Duration startup) {
        String issuer = platform.issuer().issuerUrl();
        StringBuilder out = new StringBuilder();
        out.append("\nPrivacy platform is up in ").append(startup.toSeconds()).append(" s. Ctrl-C stops everything.\n\n");
        for (String service : LocalPlatform.SERVICES) {
            String url = platform.serviceUrl(service);
            out.append(String.format("  %-22s %s   (health %s/q/health, OpenAPI %s/q/openapi, metrics %s/q/metrics)%n",
                    service, url, url, url, url));
        }
        out.append(String.format("  %-22s %s%n", "kafka", platform.kafka().bootstrapServers()));
        out.append(String.format("  %-22s %s (user %s)%n", "postgresql", platform.postgres().jdbcUrl("<service>"),
                platform.postgres().username()));
        out.append(String.format("  %-22s %s%n", "token issuer", issuer));
        out.append(String.format("  %-22s stripe %s  hubspot %s  openai %s%n", "partner sandbox",
                platform.sandbox().stripeBaseUrl(), platform.sandbox().hubspotBaseUrl(), platform.sandbox().openaiBaseUrl()));
        out.append("  logs: .local/services/*.log, .local/kafka, .local/postgres\n\n");

        out.append("Tokens (roles: data-subject, privacy-officer, operator, platform; sub = subject id):\n");
        out.append("  curl -s '").append(issuer).append("/token?sub=alice&role=data-subject'\n");
        out.append("  deploy/local/token privacy-officer dpo-1        (offline, from the issuer's key)\n\n");

        out.append("Try an erasure end to end (or run deploy/local/example):\n");
        out.append(example(platform));
        return out.toString();
    }

    static String example(LocalPlatform platform) {
        String issuer = platform.issuer().issuerUrl();
        String requests = platform.serviceUrl("request-service");
        return """
                  SUBJECT=$(curl -s '%1$s/token?sub=alice-42&role=data-subject')
                  DPO=$(curl -s '%1$s/token?sub=dpo-1&role=privacy-officer')
                  REQUEST=$(curl -s -X POST %2$s/requests -H "Authorization: Bearer $SUBJECT" \\
                      -H 'Content-Type: application/json' -d '{"type":"ERASURE"}' | sed -E 's/.*"id":"([^"]+)".*/\\1/')
                  curl -s -X POST %2$s/requests/$REQUEST/approve -H "Authorization: Bearer $DPO"; echo
                  sleep 3; curl -s %2$s/requests/$REQUEST/receipt -H "Authorization: Bearer $SUBJECT"; echo
                """.formatted(issuer, requests);
    }

    private LocalPlatformMain() {
    }
}
