package io.privacyplatform.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validator rejects what the API server (with strict field validation) or the operators would reject. */
class SchemaValidatorTest {

    private final SchemaValidator validator = new SchemaValidator();

    private List<String> problems(String yaml) {
        return validator.validate(Manifests.parse(yaml).get(0));
    }

    @Test
    void aValidObjectPasses() {
        assertEquals(List.of(), problems("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3, replicas: 3, config: {min.insync.replicas: 2}}
                """));
        assertEquals(List.of(), problems("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: c, image: i, resources: {limits: {memory: 512Mi}}}]
                """));
    }

    @Test
    void aMisspeltCoreFieldFails() {
        List<String> problems = problems("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  replica: 3
                  selector: {matchLabels: {a: b}}
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("replica"), problems.toString());
    }

    @Test
    void aWrongTypeInACoreObjectFails() {
        assertEquals(1, problems("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec: {replicas: "three"}
                """).size());
    }

    @Test
    void aCustomResourceBreakingItsCrdSchemaFails() {
        List<String> problems = problems("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u}
                spec:
                  authentication: {type: kerberos}
                  authorization: {type: simple, acls: [{resource: {type: topic, name: t}, operation: Read}]}
                """);
        assertTrue(problems.stream().anyMatch(p -> p.contains("authentication.type")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("operation")), problems.toString());
    }

    @Test
    void anUnknownCustomResourceFieldFailsEvenWhereTheServerWouldPruneIt() {
        List<String> problems = problems("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: b}
                spec: {schedule: "0 0 2 * * *", cluster: {name: c}, methd: plugin}
                """);
        assertTrue(problems.stream().anyMatch(p -> p.contains("methd")), problems.toString());
    }

    @Test
    void theRemovedStrimziApiAndUnknownKindsFail() {
        assertTrue(problems("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3}
                """).get(0).contains("no schema"));
    }
}
