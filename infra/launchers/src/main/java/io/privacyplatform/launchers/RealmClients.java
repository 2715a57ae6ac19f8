package io.privacyplatform.launchers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clients of realm {@code privacy} ({@code deploy/k8s/base/keycloak/realm-privacy.json}), for the built-in issuer
 * of the local run and the tests: each client's roles (a token of that client carries no other) and audience (the
 * services its tokens are for, claim {@code aud}). {@code RealmClientsTest} checks this table against the realm file.
 */
public final class RealmClients {

    /** A client of the realm: its roles and the services its tokens are for. */
    public record Client(String id, boolean confidential, Set<String> roles, List<String> audience) {
    }

    public static final String FRONTEND = "privacy-frontend";
    public static final String CONSOLE = "privacy-console";
    /** The product's web application backend: consents, consent checks, unsubscribe links, inventory, connection logs. */
    public static final String WEB_BACKEND = "web-backend";
    /** The product's billing backend: binds Stripe customers to subjects, records inventory. */
    public static final String BILLING_BACKEND = "billing-backend";

    public static final String DATA_SUBJECT = "data-subject";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String OPERATOR = "operator";

    private static final String REQUEST = "request-service";
    private static final String CONSENT = "consent-service";
    private static final String RETENTION = "retention-service";
    private static final String PARTNER_SYNC = "partner-sync-service";

    private static final Map<String, Client> CLIENTS = index(
            new Client(FRONTEND, false, Set.of(DATA_SUBJECT), List.of(REQUEST, CONSENT, RETENTION)),
            new Client(CONSOLE, false, Set.of(PRIVACY_OFFICER, OPERATOR), List.of(REQUEST, PARTNER_SYNC, CONSENT, RETENTION)),
            new Client(REQUEST, true, Set.of("subject-export-reader", "hold-reader", "contact-reader"),
                    List.of(CONSENT, RETENTION, PARTNER_SYNC)),
            new Client(PARTNER_SYNC, true, Set.of("rectification-reader", "contact-reader"), List.of(REQUEST, RETENTION)),
            new Client(RETENTION, true, Set.of("rectification-reader"), List.of(REQUEST)),
            new Client(WEB_BACKEND, true, Set.of("consent-recorder", "consent-checker", "unsubscribe-link-issuer",
                    "inventory-recorder", "connection-log-recorder"), List.of(CONSENT, RETENTION)),
            new Client(BILLING_BACKEND, true, Set.of("processor-record-recorder", "inventory-recorder"),
                    List.of(PARTNER_SYNC, RETENTION)));

    private RealmClients() {
    }

    /** Every client of the realm, public ones first. */
    public static List<Client> all() {
        return List.copyOf(CLIENTS.values());
    }

    /** The confidential clients (client credentials grant, one secret each). */
    public static List<Client> confidential() {
        return CLIENTS.values().stream().filter(Client::confidential).toList();
    }

    /** The client {@code id}; an error for a client the realm does not have. */
    public static Client client(String id) {
        Client client = CLIENTS.get(id);
        if (client == null) {
            throw new IllegalArgumentException("realm privacy has no client " + id + " (clients: " + CLIENTS.keySet() + ")");
        }
        return client;
    }

    /** Whether the realm has a client {@code id}. */
    public static boolean exists(String id) {
        return CLIENTS.containsKey(id);
    }

    /**
     * The public client a person with {@code roles} signs in through, as the services expect it in {@code azp}: the
     * frontend's for a data subject, the console's for anyone else (an officer, an operator).
     */
    public static Client personClient(Set<String> roles) {
        return CLIENTS.get(roles.contains(DATA_SUBJECT) ? FRONTEND : CONSOLE);
    }

    private static Map<String, Client> index(Client... clients) {
        Map<String, Client> byId = new LinkedHashMap<>();
        for (Client client : clients) {
            byId.put(client.id(), client);
        }
        return java.util.Collections.unmodifiableMap(byId);
    }
}
