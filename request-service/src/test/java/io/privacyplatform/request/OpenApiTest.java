package io.privacyplatform.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint is documented: a summary, and examples of what it takes and answers. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyOperationHasASummaryAndExamples() throws Exception {
        JsonNode api = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        List<String> undocumented = new ArrayList<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                operations++;
                if (op.getValue().path("summary").asText().isBlank()) {
                    undocumented.add(name + ": no summary");
                }
                if (!hasExamples(op.getValue().path("responses"))) {
                    undocumented.add(name + ": no response example");
                }
                JsonNode body = op.getValue().path("requestBody");
                if (!body.isMissingNode() && !hasExamples(body)) {
                    undocumented.add(name + ": no request body example");
                }
            }
        }
        assertEquals(List.of(), undocumented);
        assertEquals(37, operations, "every endpoint of RequestResource, EmailRequestResource, RegisterResource, the export resources, the system confirmations, the purges, the notifications' attention list, the person's status page, the officer's person links, the console's settings and the access journal (platform-support) is in the document");
        assertTrue(api.path("components").path("schemas").has("FileRequest"));
        // Each type's schema names its discriminator value, so a client generated from it sends the right type.
        for (String[] type : new String[][]{{"Rectification", "RECTIFICATION"}, {"Heir", "HEIR"}, {"PostMortemDirectives", "POST_MORTEM_DIRECTIVES"}}) {
            JsonNode schema = api.path("components").path("schemas").path(type[0]);
            assertEquals(type[1], schema.path("properties").path("type").path("enum").path(0).asText(), type[0]);
            assertTrue(schema.path("required").toString().contains("\"type\""), type[0] + " requires type");
        }
    }

    private static boolean hasExamples(JsonNode node) {
        return node.findValues("examples").stream().anyMatch(e -> e.size() > 0);
    }
}
