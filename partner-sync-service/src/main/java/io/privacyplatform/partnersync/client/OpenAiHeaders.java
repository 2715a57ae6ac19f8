package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.config.PartnersConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Bearer API key, plus {@code OpenAI-Organization} / {@code OpenAI-Project} when configured. */
@ApplicationScoped
public class OpenAiHeaders implements ClientHeadersFactory {

    private final PartnersConfig config;

    OpenAiHeaders(PartnersConfig config) {
        this.config = config;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        PartnersConfig.OpenAi openai = config.openai();
        openai.apiKey().ifPresent(key -> headers.putSingle("Authorization", "Bearer " + key));
        openai.organization().ifPresent(org -> headers.putSingle("OpenAI-Organization", org));
        openai.project().ifPresent(project -> headers.putSingle("OpenAI-Project", project));
        return headers;
    }
}
