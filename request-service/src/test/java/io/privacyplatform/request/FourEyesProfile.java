package io.privacyplatform.request;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** request-service with four eyes on ({@code requests.four-eyes.enabled=true}), as in production. */
public class FourEyesProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("requests.four-eyes.enabled", "true");
    }
}
