package io.privacyplatform.launchers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the privacy officer's console (served by request-service at {@code /console/}) needs of a whole platform: the
 * issuer lets it sign in and come back to exactly {@code <request-service>/console/}, request-service tells the page
 * where the issuer and partner-sync-service are ({@code requests.console.*}), and partner-sync-service lets the
 * console's origin call its {@code /tasks} (CORS for that one origin).
 */
final class ConsoleWiring {

    static final String PATH = "/console/";

    private ConsoleWiring() {
    }

    /** The service's console settings; for request-service, also registers the console's redirect URI at the issuer. */
    static Map<String, String> of(LocalPlatform platform, String service) {
        Map<String, String> config = new LinkedHashMap<>();
        switch (service) {
            case "request-service" -> {
                platform.issuer().registerConsole(platform.serviceUrl("request-service") + PATH);
                config.put("requests.console.issuer-url", platform.issuer().issuerUrl());
                config.put("requests.console.client-id", LocalIssuer.CONSOLE_CLIENT_ID);
                config.put("requests.console.partner-sync-url", platform.serviceUrl("partner-sync-service"));
            }
            case "partner-sync-service" -> {
                config.put("quarkus.http.cors.enabled", "true");
                config.put("quarkus.http.cors.origins", platform.serviceUrl("request-service"));
            }
            default -> {
            }
        }
        return config;
    }
}
