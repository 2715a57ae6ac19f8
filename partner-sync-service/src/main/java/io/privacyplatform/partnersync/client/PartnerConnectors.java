package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.DeadReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The connector of each partner, by partner name. */
@ApplicationScoped
public class PartnerConnectors {

    private final Map<String, PartnerConnector> byPartner;

    PartnerConnectors(Instance<PartnerConnector> connectors) {
        this.byPartner = connectors.stream()
                .collect(Collectors.toUnmodifiableMap(PartnerConnector::partner, Function.identity()));
    }

    public Optional<PartnerConnector> find(String partner) {
        return Optional.ofNullable(byPartner.get(partner));
    }

    /** @throws PermanentPartnerException (unsupported) when no connector serves the partner */
    public PartnerConnector of(String partner) {
        return find(partner).orElseThrow(() -> new PermanentPartnerException(partner, 0, null,
                "no connector for " + partner, DeadReason.UNSUPPORTED));
    }
}
