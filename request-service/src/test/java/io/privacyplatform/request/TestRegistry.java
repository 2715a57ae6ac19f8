package io.privacyplatform.request;

import io.privacyplatform.policy.Register;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The real registry plus one custom system, {@code loyalty}, answered for by its own principal
 * {@code loyalty-service} (Kafka user and OIDC client). Tests only: in the real registry every erasure would wait for it.
 */
public final class TestRegistry {

    public static final String CUSTOM_SYSTEM = "loyalty";
    public static final String CUSTOM_PRINCIPAL = "loyalty-service";

    private static final String ENTRY = """

              - name: loyalty
                kind: custom
                owner: loyalty-team
                confirmedBy: loyalty-service
                dataCategories: [email]
                purposes: [account-registration]
                hosting: platform
                operations: [erase, rectify]
            """;

    public static Register withCustomSystem() {
        InputStream real = TestRegistry.class.getClassLoader().getResourceAsStream(Register.SYSTEMS_FILE);
        try (InputStream systems = new SequenceInputStream(real, new ByteArrayInputStream(ENTRY.getBytes(StandardCharsets.UTF_8)))) {
            return Register.load(systems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestRegistry() {
    }
}
