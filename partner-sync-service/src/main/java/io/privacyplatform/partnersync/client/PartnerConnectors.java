package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.DeadReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The connector of each partner, by partner name: the one place that says which partners partner-sync serves (the
 * registry's processors that partner-sync confirms for are those it has a connector for).
 */
@ApplicationScoped
public class PartnerConnectors {

    private final Map<String, PartnerConnector> byPartner;
    private final List<String> names;

    PartnerConnectors(Instance<PartnerConnector> connectors) {
        this.byPartner = connectors.stream()
                .collect(Collectors.toUnmodifiableMap(PartnerConnector::partner, Function.identity()));
        this.names = byPartner.keySet().stream().sorted().toList();
    }

    /** The partners partner-sync serves, by name (sorted). */
    public List<String> names() {
        return names;
    }

    /** Every partner's gate (one per connector), by partner name. */
    public List<PartnerGate> gates() {
        return names.stream().map(partner -> byPartner.get(partner).gate()).toList();
    }

    public boolean serves(String partner) {
        return byPartner.containsKey(partner);
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
