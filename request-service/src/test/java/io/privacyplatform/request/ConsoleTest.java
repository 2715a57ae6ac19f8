package io.privacyplatform.request;

import io.privacyplatform.request.config.ConsoleConfig;
import io.privacyplatform.request.rest.ConsoleConfigResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The privacy officer's console: its static page, its settings, its Content-Security-Policy, and no cookie. */
@QuarkusTest
class ConsoleTest {

    @Test
    void theSettingsArePublicAndNameTheIssuerClientAndPartnerSync() {
        given().accept(ContentType.JSON).get("/console/config").then().statusCode(200)
                .header("Set-Cookie", nullValue())
                .body("issuerUrl", equalTo("http://127.0.0.1:8180/realms/privacy"))
                .body("clientId", equalTo("privacy-console"))
                .body("partnerSyncUrl", equalTo("http://127.0.0.1:8084"));
    }

    @Test
    void thePageIsServedWithAPolicyThatAllowsOnlyItsOwnScriptsAndTheOriginsItCalls() {
        given().get("/console/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Set-Cookie", nullValue())
                .header("Content-Security-Policy", containsString("default-src 'none'; script-src 'self'; style-src 'self'"))
                .header("Content-Security-Policy", containsString("connect-src 'self' http://127.0.0.1:8180 http://127.0.0.1:8084;"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("<html lang=\"fr\">"))
                .body(containsString("<script src=\"console.js\" defer></script>"))
                .body(not(containsString("http")));
        given().get("/console/console.js").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("code_challenge_method: 'S256'"));
        given().get("/console/console.css").then().statusCode(200);
    }

    @Test
    void withoutAConsoleIssuerTheServicesOwnIsUsed() {
        ConsoleConfig nothingSet = config(Optional.empty(), Optional.empty());
        ConsoleConfigResource.ConsoleSettings settings =
                ConsoleConfigResource.settings(nothingSet, Optional.of("https://auth.example/realms/privacy/"));
        assertEquals("https://auth.example/realms/privacy", settings.issuerUrl());
        assertNull(settings.partnerSyncUrl());
        assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        + "connect-src 'self' https://auth.example; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
                ConsoleConfigResource.contentSecurityPolicy(settings));
        assertEquals("https://public.example/realms/privacy", ConsoleConfigResource.settings(
                config(Optional.of("https://public.example/realms/privacy"), Optional.of("https://sync.example/")),
                Optional.of("http://keycloak:8080/realms/privacy")).issuerUrl());
    }

    private static ConsoleConfig config(Optional<String> issuer, Optional<String> partnerSync) {
        return new ConsoleConfig() {
            @Override
            public Optional<String> issuerUrl() {
                return issuer;
            }

            @Override
            public String clientId() {
                return "privacy-console";
            }

            @Override
            public Optional<String> partnerSyncUrl() {
                return partnerSync;
            }
        };
    }
}
