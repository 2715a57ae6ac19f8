package io.privacyplatform.sandbox;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the partner sandbox until the process is stopped.
 * <pre>
 * java -cp partner-sandbox.jar:wiremock-standalone.jar io.privacyplatform.sandbox.PartnerSandboxMain [stripePort hubspotPort openaiPort]
 * </pre>
 * Defaults 8191 8192 8193 (0 = free port). Prints {@code STRIPE_BASE_URL=...}, {@code HUBSPOT_BASE_URL=...},
 * {@code OPENAI_BASE_URL=...} and then {@code PARTNER_SANDBOX_READY} on standard output.
 */
public final class PartnerSandboxMain {

    static final int[] DEFAULT_PORTS = {8191, 8192, 8193};

    private PartnerSandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int[] ports;
        try {
            ports = parsePorts(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: PartnerSandboxMain [stripePort hubspotPort openaiPort]  (defaults 8191 8192"
                    + " 8193, 0 = free port)");
            System.exit(2);
            return;
        }
        PartnerSandbox sandbox = PartnerSandbox.start(ports[0], ports[1], ports[2]);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "partner-sandbox-shutdown"));
        System.out.println("STRIPE_BASE_URL=" + sandbox.stripeBaseUrl());
        System.out.println("HUBSPOT_BASE_URL=" + sandbox.hubspotBaseUrl());
        System.out.println("OPENAI_BASE_URL=" + sandbox.openaiBaseUrl());
        System.out.println("PARTNER_SANDBOX_READY");
        System.out.flush();
        stopped.await();
    }

    static int[] parsePorts(String[] args) {
        if (args.length == 0) {
            return DEFAULT_PORTS.clone();
        }
        if (args.length != 3) {
            throw new IllegalArgumentException("expected 0 or 3 ports, got " + args.length);
        }
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                ports[i] = Integer.parseInt(args[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port: " + args[i]);
            }
            if (ports[i] < 0 || ports[i] > 65535) {
                throw new IllegalArgumentException("not a port: " + args[i]);
            }
        }
        return ports;
    }
}
