package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.config.PartnersConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Bearer secret key and the pinned {@code Stripe-Version}. */
@ApplicationScoped
public class StripeHeaders implements ClientHeadersFactory {

    private final PartnersConfig config;

    StripeHeaders(PartnersConfig config) {
        this.config = config;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        config.stripe().apiKey().ifPresent(key -> headers.putSingle("Authorization", "Bearer " + key));
        headers.putSingle("Stripe-Version", config.stripe().apiVersion());
        return headers;
    }
}
