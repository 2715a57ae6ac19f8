package io.privacyplatform.request;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * X-Forwarded-For from a peer that is not a trusted proxy is ignored: the test client (the loopback) is not one here,
 * so however many addresses it forges, all its calls count against its own address and the per-IP limit holds.
 * (EmailChannelTest shows the same header believed from a trusted proxy: each forged address its own client.)
 */
@QuarkusTest
@TestProfile(UntrustedForwardedHeaderTest.OnlyAnotherProxyIsTrusted.class)
class UntrustedForwardedHeaderTest {

    public static class OnlyAnotherProxyIsTrusted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.trusted-proxies", "192.0.2.1", "requests.email-rate-limit.per-ip", "4");
        }
    }

    @Test
    void aForgedForwardedForFromAnUntrustedPeerDoesNotBuyAFreshBudget() {
        int accepted = 0;
        for (int i = 0; i < 5; i++) {
            int status = given().contentType(ContentType.JSON).header("X-Forwarded-For", "198.51.100." + (i + 1))
                    .body(Map.of("email", "camille." + UUID.randomUUID() + "@example.fr", "type", "ACCESS"))
                    .post("/requests/by-email").then().extract().statusCode();
            if (status == 429) {
                break;
            }
            assertTrue(status == 202, "status " + status);
            accepted++;
        }
        // Five forged addresses, four calls per client: believed, all five would pass.
        assertTrue(accepted <= 4, accepted + " calls accepted");
    }
}
