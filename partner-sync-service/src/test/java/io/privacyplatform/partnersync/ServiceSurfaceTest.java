package io.privacyplatform.partnersync;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ServiceSurfaceTest {

    @Test
    void partnerBaseUrlsDefaultToThePartnersPublicHosts() {
        // The REST clients' URLs are ${partners.<name>.base-url} unless overridden (the tests point them at the sandbox).
        var config = ConfigProvider.getConfig();
        assertEquals("https://api.stripe.com", config.getValue("partners.stripe.base-url", String.class));
        assertEquals("https://api.hubapi.com", config.getValue("partners.hubspot.base-url", String.class));
        assertEquals("https://api.openai.com/v1", config.getValue("partners.openai.base-url", String.class));
    }

    @Test
    void healthOpenApiAndMetricsNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/processor-records"))
                .body(containsString("Register a partner object holding a subject's data"))
                .body(containsString("/tasks/{id}/resolve"))
                .body(containsString("must NOT contain personal data"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("partner_tasks{kind=\"UNSUBSCRIBE\",partner=\"hubspot\",state=\"DEAD\"}"))
                .body(containsString("partner_tasks_oldest_pending_seconds{partner=\"openai\"}"))
                .body(containsString("partner_tasks_dead_total{kind=\"ERASE\",partner=\"stripe\"}"))
                .body(containsString("partner_task_retries_total{kind=\"ERASE\",partner=\"stripe\"}"));
    }
}
