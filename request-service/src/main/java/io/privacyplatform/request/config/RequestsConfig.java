package io.privacyplatform.request.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.ZoneId;
import java.util.List;

@ConfigMapping(prefix = "requests")
public interface RequestsConfig {

    /** Calendar in which "one month after receipt" is counted (GDPR Art. 12(3)). */
    @WithDefault("Europe/Paris")
    ZoneId zone();

    Erasure erasure();

    interface Erasure {

        /** Systems that must each confirm an erasure before the request completes. */
        @WithDefault("consent,retention,stripe,hubspot,openai")
        List<String> expectedSystems();

        /** Data kept despite erasure, with the legal basis (GDPR Art. 17(3)); sent with every order. */
        List<Exemption> exemptions();
    }

    interface Exemption {
        String system();

        String dataCategory();

        String legalBasis();
    }
}
