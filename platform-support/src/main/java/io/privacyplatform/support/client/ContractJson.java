package io.privacyplatform.support.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import jakarta.ws.rs.ext.ContextResolver;

/**
 * Registered on every typed REST client of a platform contract ({@code @RegisterProvider(ContractJson.class)}): reads
 * answers with the service's own ObjectMapper, but as a tolerant reader. A producer may add a field without a new
 * contract version (ContractCompatibilityTest allows it), so a caller ignores fields it does not know, even in a
 * service that rejects them in its own API ({@code quarkus.jackson.fail-on-unknown-properties=true}).
 */
public class ContractJson implements ContextResolver<ObjectMapper> {

    private volatile ObjectMapper tolerant;

    @Override
    public ObjectMapper getContext(Class<?> type) {
        ObjectMapper mapper = tolerant;
        if (mapper == null) {
            mapper = Arc.container().instance(ObjectMapper.class).get().copy()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            tolerant = mapper;
        }
        return mapper;
    }
}
