package io.privacyplatform.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local, stateful HTTP stand-ins for the Stripe, HubSpot and OpenAI APIs, one WireMock server each, bound to
 * 127.0.0.1. Point the partner clients at {@link #stripeBaseUrl()}, {@link #hubspotBaseUrl()} and
 * {@link #openaiBaseUrl()}; seed objects; inspect {@link #calls(Partner)}; inject failures with
 * {@link #failNext(Partner, int, Failure)}. Any non-blank Bearer token is accepted (Stripe: it must start with
 * {@code sk_} or {@code rk_}). Thread-safe.
 */
public final class PartnerSandbox implements AutoCloseable {

    private final Map<Partner, PartnerServer> servers;
    private final StripeSimulator stripe;
    private final HubSpotSimulator hubspot;
    private final OpenAiSimulator openai;

    private PartnerSandbox(StripeSimulator stripe, HubSpotSimulator hubspot, OpenAiSimulator openai,
                           Map<Partner, PartnerServer> servers) {
        this.stripe = stripe;
        this.hubspot = hubspot;
        this.openai = openai;
        this.servers = servers;
    }

    /**
     * Starts the three servers. A port of 0 picks a free port.
     *
     * @throws IllegalStateException when a server cannot start (e.g. port in use); nothing is left running
     */
    public static PartnerSandbox start(int stripePort, int hubspotPort, int openaiPort) {
        StripeSimulator stripe = new StripeSimulator();
        HubSpotSimulator hubspot = new HubSpotSimulator();
        OpenAiSimulator openai = new OpenAiSimulator();
        Map<Partner, PartnerServer> servers = new EnumMap<>(Partner.class);
        servers.put(Partner.STRIPE, new PartnerServer(stripe, stripePort));
        servers.put(Partner.HUBSPOT, new PartnerServer(hubspot, hubspotPort));
        servers.put(Partner.OPENAI, new PartnerServer(openai, openaiPort));
        List<PartnerServer> started = new ArrayList<>();
        try {
            for (PartnerServer server : servers.values()) {
                server.start();
                started.add(server);
            }
        } catch (RuntimeException e) {
            started.forEach(PartnerServer::stop);
            throw new IllegalStateException("Partner sandbox could not start (ports stripe=" + stripePort
                    + ", hubspot=" + hubspotPort + ", openai=" + openaiPort + "): " + e.getMessage(), e);
        }
        return new PartnerSandbox(stripe, hubspot, openai, servers);
    }

    /** Starts the three servers on free ports. */
    public static PartnerSandbox start() {
        return start(0, 0, 0);
    }

    /** Like https://api.stripe.com, e.g. {@code http://127.0.0.1:8191}. */
    public String stripeBaseUrl() {
        return server(Partner.STRIPE).rootUrl();
    }

    /** Like https://api.hubapi.com, e.g. {@code http://127.0.0.1:8192}. */
    public String hubspotBaseUrl() {
        return server(Partner.HUBSPOT).rootUrl();
    }

    /** Like https://api.openai.com/v1, e.g. {@code http://127.0.0.1:8193/v1}. */
    public String openaiBaseUrl() {
        return server(Partner.OPENAI).rootUrl() + "/v1";
    }

    /** The partner's API base URL, as the three methods above. */
    public String baseUrl(Partner partner) {
        switch (partner) {
            case STRIPE: return stripeBaseUrl();
            case HUBSPOT: return hubspotBaseUrl();
            default: return openaiBaseUrl();
        }
    }

    /** Root of the partner's server ({@code http://127.0.0.1:port}), where {@code /__admin/sandbox/...} lives. */
    public String rootUrl(Partner partner) {
        return server(partner).rootUrl();
    }

    public int port(Partner partner) {
        return server(partner).port();
    }

    /** Clears every partner's objects, pending failures, latency and recorded calls. */
    public void reset() {
        servers.values().forEach(PartnerServer::reset);
    }

    /** Clears one partner's objects, pending failures, latency and recorded calls. */
    public void reset(Partner partner) {
        server(partner).reset();
    }

    // ---- seeding ----

    /** A live Stripe customer ({@code id} starts with {@code cus_}); replaces one with the same id. */
    public void seedStripeCustomer(String id, String email, String name) {
        stripe.seedCustomer(id, email, name);
    }

    /**
     * A live Stripe customer with any of {@code email}, {@code name}, {@code phone}, {@code description} and address
     * lines ({@code address.line1}, {@code address.line2}, {@code address.postal_code}, {@code address.city},
     * {@code address.state}, {@code address.country}).
     */
    public void seedStripeCustomer(String id, Map<String, String> values) {
        stripe.seedCustomer(id, values);
    }

    /**
     * A Stripe invoice ({@code in_}), charge ({@code ch_}, {@code py_}) or payment intent ({@code pi_}) of a customer,
     * with personal fields as dotted paths: invoice {@code customer_email}, {@code customer_name}, ...; charge
     * {@code billing_details.name}, {@code billing_details.email}, ...; payment intent {@code receipt_email},
     * {@code shipping.name}, ... It stays when the customer is deleted, as at Stripe, until a redaction job redacts it.
     */
    public void seedStripeBillingObject(String id, String customerId, Map<String, String> personalFields) {
        stripe.seedBillingObject(id, customerId, personalFields, null, true);
    }

    /**
     * As {@link #seedStripeBillingObject(String, String, Map)}; a charge may name its {@code paymentIntent} (redacting
     * the intent redacts it too); {@code redactable=false} makes redaction jobs naming it fail validation
     * ({@code invalid_state}).
     */
    public void seedStripeBillingObject(String id, String customerId, Map<String, String> personalFields,
                                        String paymentIntent, boolean redactable) {
        stripe.seedBillingObject(id, customerId, personalFields, paymentIntent, redactable);
    }

    /** A HubSpot contact with a numeric {@code id} and an email (stored lower-case, as HubSpot does). */
    public void seedHubSpotContact(String id, String email) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("email", email);
        hubspot.seedContact(id, properties);
    }

    /** A HubSpot contact with the given properties (email, firstname, lastname, phone, ...). */
    public void seedHubSpotContact(String id, Map<String, String> properties) {
        hubspot.seedContact(id, properties);
    }

    /**
     * An OpenAI object of kind {@code response}, {@code conversation} (no items), {@code chat_completion} (no
     * metadata), {@code file} or {@code vector_store}.
     */
    public void seedOpenAiObject(String kind, String id) {
        openai.seedObject(kind, id);
    }

    /** An OpenAI conversation with items (oldest first). */
    public void seedOpenAiConversation(String id, List<String> itemIds) {
        openai.seedConversation(id, itemIds);
    }

    /** A stored OpenAI chat completion tagged {@code metadata[subject]=subject}. */
    public void seedOpenAiChatCompletion(String id, String subject) {
        openai.seedChatCompletion(id, subject);
    }

    // ---- inspection ----

    /** A Stripe invoice, charge or payment intent as the API returns it, or null when unknown. */
    public Map<String, Object> stripeBillingObject(String id) {
        return stripe.billingObject(id);
    }

    /** Calls the partner received, oldest first (admin calls excluded). */
    public List<RecordedCall> calls(Partner partner) {
        return server(partner).calls();
    }

    /** Whether an OpenAI object of that kind still exists. */
    public boolean openAiExists(String kind, String id) {
        return openai.exists(kind, id);
    }

    /** A conversation's remaining item ids, also after the conversation was deleted (OpenAI keeps them). */
    public List<String> openAiConversationItemIds(String conversationId) {
        return openai.conversationItemIds(conversationId);
    }

    /** Whether every email subscription of that address is NOT_SUBSCRIBED at HubSpot. */
    public boolean hubSpotUnsubscribedFromAll(String email) {
        return hubspot.unsubscribedFromAll(email);
    }

    /** Whether that address was GDPR-deleted at HubSpot (and is therefore blocklisted). */
    public boolean hubSpotGdprBlocklisted(String email) {
        return hubspot.blocklisted(email);
    }

    /** The partner's objects as JSON-like maps and lists (same as {@code GET /__admin/sandbox/state}). */
    public Map<String, Object> state(Partner partner) {
        return server(partner).simulator.state();
    }

    // ---- failures ----

    /**
     * The partner's next {@code times} calls answer with {@code failure}; then it answers normally again.
     * Successive calls queue up: {@code failNext(p, 1, RATE_LIMITED); failNext(p, 1, SERVICE_UNAVAILABLE)} gives
     * 429, 503, then normal answers.
     *
     * @throws IllegalArgumentException when the partner has no such failure (INSUFFICIENT_QUOTA is OpenAI's,
     *                                  IDEMPOTENCY_KEY_IN_USE Stripe's) or times is below 1
     */
    public void failNext(Partner partner, int times, Failure failure) {
        server(partner).failNext(times, failure);
    }

    /**
     * For {@code window} from now, each of the partner's calls fails with probability {@code rate} (0 to 1), with a
     * failure of {@code mix} picked at random, each in the partner's own error shape ({@link Failure}); calls queued by
     * {@link #failNext} fail first. A later call replaces the window; {@link #clearFailures} and {@link #reset} end it.
     *
     * @throws IllegalArgumentException when the rate is out of range or the partner lacks a failure of the mix
     */
    public void failRandomly(Partner partner, double rate, Duration window, List<Failure> mix) {
        server(partner).failRandomly(rate, window, mix);
    }

    /**
     * The same window at the three partners, failing with what every partner has: 429 (rate limited, with the
     * partner's rate-limit headers), 500 and 503, equally often.
     */
    public void failRandomly(double rate, Duration window) {
        List<Failure> mix = List.of(Failure.RATE_LIMITED, Failure.SERVER_ERROR, Failure.SERVICE_UNAVAILABLE);
        servers.values().forEach(server -> server.failRandomly(rate, window, mix));
    }

    /** What the partner's erasing calls did since the last reset ({@link SideEffects}). */
    public SideEffects sideEffects(Partner partner) {
        return server(partner).sideEffects();
    }

    // ---- latency ----

    /**
     * The partner answers every later call (injected failures included) {@code latency} after it arrived, as a
     * remote API would; {@link Duration#ZERO} (the default, and the state after {@link #reset}) answers at once.
     * Calls are recorded when they arrive. Delays are scheduled, so slow answers do not hold request threads.
     *
     * @throws IllegalArgumentException when negative or above 10 minutes
     */
    public void setLatency(Partner partner, Duration latency) {
        server(partner).setLatency(latency);
    }

    /** The same latency for the three partners. */
    public void setLatency(Duration latency) {
        servers.values().forEach(server -> server.setLatency(latency));
    }

    public Duration latency(Partner partner) {
        return server(partner).latency();
    }

    /** Drops the partner's pending failures. */
    public void clearFailures(Partner partner) {
        server(partner).clearFailures();
    }

    @Override
    public void close() {
        servers.values().forEach(PartnerServer::stop);
    }

    private PartnerServer server(Partner partner) {
        return servers.get(partner);
    }
}
