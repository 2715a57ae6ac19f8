package io.privacyplatform.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offline validation of rendered objects, strict in the way {@code kubectl apply --validate=strict} is:
 * <ul>
 * <li>Kubernetes objects are read into the fabric8 model with unknown fields rejected (its catch-all
 * {@code additionalProperties} switched off) and no scalar coercion, so a misspelt field or a string where an
 * integer belongs fails;</li>
 * <li>custom resources are checked against the {@code openAPIV3Schema} of the vendored CRD
 * (src/test/resources/crds, byte for byte upstream) as JSON Schema, with {@code additionalProperties: false}
 * wherever the CRD does not say {@code x-kubernetes-preserve-unknown-fields}: the API server would silently
 * prune such a field, which hides a typo.</li>
 * </ul>
 * Not checked offline: CEL rules ({@code x-kubernetes-validations}) and fields required by Kubernetes but not
 * marked so in its Go types.
 */
final class SchemaValidator {

    static final List<String> CRD_FILES = List.of(
            "kafka.strimzi.io_kafkas.yaml", "kafka.strimzi.io_kafkanodepools.yaml", "kafka.strimzi.io_kafkatopics.yaml",
            "kafka.strimzi.io_kafkausers.yaml", "postgresql.cnpg.io_clusters.yaml", "postgresql.cnpg.io_databases.yaml",
            "postgresql.cnpg.io_scheduledbackups.yaml", "barmancloud.cnpg.io_objectstores.yaml",
            "monitoring.coreos.com_servicemonitors.yaml", "monitoring.coreos.com_prometheusrules.yaml",
            "k8s.keycloak.org_keycloaks.yaml", "k8s.keycloak.org_keycloakrealmimports.yaml",
            "cert-manager.io_certificates.yaml", "cert-manager.io_issuers.yaml");

    /** Kubernetes kinds the manifests may use, by apiVersion/kind. */
    static final Map<String, Class<?>> CORE = Map.of(
            "v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class,
            "v1/Pod", io.fabric8.kubernetes.api.model.Pod.class,
            "v1/Secret", io.fabric8.kubernetes.api.model.Secret.class,
            "v1/Service", io.fabric8.kubernetes.api.model.Service.class,
            "v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class,
            "apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class,
            "networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class,
            "policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler",
            io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class);

    private final Map<String, JsonSchema> crdSchemas = new HashMap<>();
    private final ObjectMapper strictModel;

    SchemaValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        for (String file : CRD_FILES) {
            JsonNode crd;
            try {
                crd = Manifests.YAML.readTree(Manifests.resource("/crds/" + file));
            } catch (IOException e) {
                throw new AssertionError("CRD " + file + " does not parse", e);
            }
            String group = crd.path("spec").path("group").asText();
            String kind = crd.path("spec").path("names").path("kind").asText();
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (!version.path("served").asBoolean()) {
                    continue;
                }
                ObjectNode schema = (ObjectNode) strict(version.path("schema").path("openAPIV3Schema"));
                // Every object has these at its root, whether the CRD's schema names them or not (Keycloak's does not).
                ObjectNode root = (ObjectNode) schema.get("properties");
                root.putIfAbsent("apiVersion", JsonNodeFactory.instance.objectNode().put("type", "string"));
                root.putIfAbsent("kind", JsonNodeFactory.instance.objectNode().put("type", "string"));
                root.putIfAbsent("metadata", JsonNodeFactory.instance.objectNode().put("type", "object"));
                crdSchemas.put(group + "/" + version.path("name").asText() + "/" + kind, factory.getSchema(schema));
            }
        }
        strictModel = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    // fabric8 keeps unknown fields in additionalProperties: without the any-setter they fail.
                    @Override
                    public Boolean hasAnySetter(Annotated a) {
                        return Boolean.FALSE;
                    }

                    @Override
                    @SuppressWarnings("deprecation")
                    public boolean hasAnySetterAnnotation(AnnotatedMethod am) {
                        return false;
                    }
                })
                .build();
        strictModel.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        strictModel.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    /** Problems with one object; empty when it is valid. */
    List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String key = apiVersion + "/" + kind;
        List<String> problems = new ArrayList<>();
        if (object.path("metadata").path("name").asText().isEmpty()) {
            problems.add(Manifests.id(object) + ": metadata.name is required");
        }
        JsonSchema schema = crdSchemas.get(key);
        if (schema != null) {
            Set<ValidationMessage> messages = schema.validate(object);
            messages.forEach(m -> problems.add(Manifests.id(object) + ": " + m.getMessage()));
            return problems;
        }
        Class<?> type = CORE.get(key);
        if (type == null) {
            problems.add(Manifests.id(object) + ": no schema for " + key
                    + " (vendor its CRD into src/test/resources/crds or add the Kubernetes kind to SchemaValidator.CORE)");
            return problems;
        }
        try {
            strictModel.treeToValue(object, type);
        } catch (IOException e) {
            problems.add(Manifests.id(object) + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        return problems;
    }

    /**
     * The CRD schema as a JSON Schema that rejects unknown fields: additionalProperties false on every object
     * with properties unless x-kubernetes-preserve-unknown-fields; nullable as a null type; the x-kubernetes and
     * format keywords (which JSON Schema draft 4 does not know) dropped.
     */
    static JsonNode strict(JsonNode schema) {
        if (schema instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(strict(item)));
            return copy;
        }
        if (!(schema instanceof ObjectNode object)) {
            return schema;
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        boolean preserveUnknown = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.startsWith("x-kubernetes-") || name.equals("format") || name.equals("nullable")) {
                continue;
            }
            if (name.equals("properties")) {
                ObjectNode properties = JsonNodeFactory.instance.objectNode();
                field.getValue().fields().forEachRemaining(p -> properties.set(p.getKey(), strict(p.getValue())));
                copy.set(name, properties);
            } else if (name.equals("items") || name.equals("additionalProperties") || name.equals("allOf")
                    || name.equals("anyOf") || name.equals("oneOf") || name.equals("not")) {
                copy.set(name, strict(field.getValue()));
            } else {
                copy.set(name, field.getValue());
            }
        }
        if (object.has("properties") && "object".equals(object.path("type").asText()) && !object.has("additionalProperties")
                && !preserveUnknown) {
            copy.put("additionalProperties", false);
        }
        if (object.path("nullable").asBoolean(false) && object.has("type")) {
            copy.set("type", JsonNodeFactory.instance.arrayNode().add(object.get("type").asText()).add("null"));
        }
        return copy;
    }
}
