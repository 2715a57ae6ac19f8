package io.privacyplatform.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's {@link KafkaTestClient} as a JUnit extension: on the broker {@link PlatformTestResource} started for
 * this JVM, connected on first use, closed after the class's last test.
 * <pre>
 * &#64;RegisterExtension
 * static final KafkaClientExtension kafka = new KafkaClientExtension();
 * ...
 * kafka.awaitRecord(Events.ERASURE_ORDERED.topic(), r -&gt; subjectId.equals(r.key()), WAIT);
 * </pre>
 * Static on purpose: a {@code @QuarkusTest} runs its methods on an instance Quarkus creates, not on the one JUnit
 * registers instance-field extensions of.
 */
public final class KafkaClientExtension extends KafkaTestClient implements AfterAllCallback {

    public KafkaClientExtension() {
        super(PlatformTestResource::bootstrapServers);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
