package io.privacyplatform.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every schema version ever published has a golden sample: {@code compat/<topic>/v<N>.json} for an event,
 * {@code compat/http/<name>/v<N>.json} for a service-to-service HTTP answer. Events already on Kafka, consumers
 * still deployed and callers of an older build must keep working when a record changes, so:
 * <ul>
 *   <li>today's record must read every published sample without losing a field (no removal, no rename);</li>
 *   <li>what today's record writes must still carry every sample field with the same JSON type, so an
 *       older consumer can read it (no type change);</li>
 *   <li>a field that today's consumers require must exist in every sample (no new required field).</li>
 * </ul>
 * A change that breaks one of these needs a new event type (or HTTP contract) version, not an edit.
 */
class ContractCompatibilityTest {

    private final ObjectMapper strict = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @TestFactory
    List<DynamicTest> everyPublishedSampleStaysReadableAndWritable() {
        List<DynamicTest> tests = new ArrayList<>();
        for (EventType<?> type : Events.ALL) {
            for (int version = 1; version <= type.schemaVersion(); version++) {
                String resource = "/compat/" + type.topic() + "/v" + version + ".json";
                tests.add(DynamicTest.dynamicTest(type.topic() + " v" + version,
                        () -> checkSample(type.topic(), type.dataClass(), resource)));
            }
        }
        for (HttpContract<?> contract : HttpContracts.ALL) {
            for (int version = 1; version <= contract.version(); version++) {
                String resource = "/compat/http/" + contract.name() + "/v" + version + ".json";
                tests.add(DynamicTest.dynamicTest("http " + contract.name() + " v" + version,
                        () -> checkSample(contract.name(), contract.bodyClass(), resource)));
            }
        }
        return tests;
    }

    /**
     * Issue 15 added {@code resolvedByHand} to erasure-confirmed v1: today's record reads and writes a sample that
     * carries it, and a consumer built before (its record without the field, read as IncomingEvents reads events:
     * unknown properties ignored) still reads it, with an outcome it knows.
     */
    @Test
    void erasureConfirmedWithObjectsResolvedByHandStaysReadableByOlderConsumers() throws IOException {
        String resource = "/compat/erasure-confirmed/v1-resolved-by-hand.json";
        checkSample("erasure-confirmed", ErasureConfirmed.class, resource);
        JsonNode sample;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            sample = strict.readTree(in);
        }
        ErasureConfirmed current = strict.treeToValue(sample, ErasureConfirmed.class);
        assertTrue(current.hasManualResolutions());
        assertEquals("erased-in-partner-console", current.resolvedByHand().get(0).category());

        ObjectMapper olderConsumer = strict.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ErasureConfirmedBeforeIssue15 older = olderConsumer.treeToValue(sample, ErasureConfirmedBeforeIssue15.class);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, older.outcome());
        assertEquals(current.evidence(), older.evidence());
    }

    /**
     * A new value of an enum an event carries would be a dead letter at every consumer built before it (an unknown
     * enum value does not read): the outcomes of erasure-confirmed v1 stay the published four. Say something new with
     * a new optional field, as {@code resolvedByHand} does, or a new version.
     */
    @Test
    void erasureOutcomesStayThePublishedOnes() {
        assertEquals(List.of("ERASED", "NOTHING_HELD", "PARTIALLY_ERASED", "FAILED"),
                Arrays.stream(ErasureOutcome.values()).map(Enum::name).toList());
    }

    /** erasure-confirmed v1's data as consumers built before issue 15 read it. */
    record ErasureConfirmedBeforeIssue15(UUID orderId, UUID requestId, String subjectId, String system, ErasureOutcome outcome,
                                         List<Evidence> evidence, List<Exemption> retained, List<String> notices,
                                         Instant confirmedAt) {
    }

    @Test
    void httpContractsHaveUniqueNamesAndAVersion() {
        for (HttpContract<?> contract : HttpContracts.ALL) {
            assertTrue(contract.version() >= 1, contract.name() + " needs a version");
        }
        assertEquals(HttpContracts.ALL.size(), HttpContracts.ALL.stream().map(HttpContract::name).distinct().count(),
                "one name per HTTP contract");
    }

    @Test
    void cloudEventTypesCarryTheirSchemaVersionAndTopicsAreUnique() {
        for (EventType<?> type : Events.ALL) {
            assertTrue(type.cloudEventType().endsWith(".v" + type.schemaVersion()),
                    type.cloudEventType() + " must end with its schema version");
        }
        assertEquals(Events.ALL.size(), Events.topics().size(), "one topic per event type");
    }

    private void checkSample(String name, Class<?> dataClass, String resource) throws IOException {
        JsonNode sample;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertNotNull(in, "missing golden sample " + resource + ": add one for every published schema version");
            sample = strict.readTree(in);
        }

        Object current = strict.treeToValue(sample, dataClass);
        JsonNode written = strict.valueToTree(current);
        assertSameShape(sample, written, name);

        for (RecordComponent component : dataClass.getRecordComponents()) {
            boolean required = component.isAnnotationPresent(NotNull.class)
                    || component.isAnnotationPresent(NotBlank.class)
                    || component.isAnnotationPresent(NotEmpty.class);
            if (required && !sample.has(component.getName())) {
                fail(name + ": new required field '" + component.getName() + "' is missing from "
                        + resource + "; events already published (or answers of deployed services) would be rejected");
            }
        }
    }

    private static void assertSameShape(JsonNode sample, JsonNode written, String path) {
        if (sample.isObject()) {
            assertTrue(written.isObject(), path + " is no longer an object");
            Iterator<Map.Entry<String, JsonNode>> fields = sample.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path + "." + field.getKey();
                assertTrue(written.has(field.getKey()), fieldPath + " was removed or renamed");
                assertSameShape(field.getValue(), written.get(field.getKey()), fieldPath);
            }
        } else if (sample.isArray()) {
            assertTrue(written.isArray(), path + " is no longer an array");
            for (int i = 0; i < sample.size(); i++) {
                assertSameShape(sample.get(i), written.get(i), path + "[" + i + "]");
            }
        } else if (!sample.isNull()) {
            assertEquals(sample.getNodeType(), written.getNodeType(), path + " changed JSON type");
        }
    }
}
