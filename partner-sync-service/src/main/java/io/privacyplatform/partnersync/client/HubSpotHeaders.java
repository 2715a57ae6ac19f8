package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.config.PartnersConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Bearer private app token. */
@ApplicationScoped
public class HubSpotHeaders implements ClientHeadersFactory {

    private final PartnersConfig config;

    HubSpotHeaders(PartnersConfig config) {
        this.config = config;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        config.hubspot().apiKey().ifPresent(key -> headers.putSingle("Authorization", "Bearer " + key));
        return headers;
    }
}
