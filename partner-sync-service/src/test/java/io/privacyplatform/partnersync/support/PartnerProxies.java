package io.privacyplatform.partnersync.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.PartnerSandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * A WireMock proxy in front of each partner of the sandbox, so tests can make one partner answer what the sandbox
 * cannot: an HTML 502 page, truncated or empty JSON, a 400 in the partner's error shape, a partner down for a
 * while. Unlike the sandbox's {@code failNext}, a fault here applies only to requests that mention a given object
 * id (in the URL or body), so tasks of other tests never consume it. Everything else is forwarded to the sandbox
 * unchanged. Arrival times of every request are kept, to check the rate limiter.
 */
public final class PartnerProxies implements AutoCloseable {

    /** One request seen by a proxy. */
    public record Arrival(Instant at, String method, String url, String body) {

        /** Whether the request names the object (in its URL or as a JSON string in its body). */
        public boolean mentions(String objectId) {
            return url.contains(objectId) || body.contains("\"" + objectId + "\"");
        }
    }

    private final Map<Partner, WireMockServer> servers = new EnumMap<>(Partner.class);
    private final Map<Partner, List<Injected>> faults = new EnumMap<>(Partner.class);
    private final Map<Partner, List<Arrival>> arrivals = new EnumMap<>(Partner.class);

    private PartnerProxies() {
    }

    public static PartnerProxies start(PartnerSandbox sandbox) {
        PartnerProxies proxies = new PartnerProxies();
        for (Partner partner : Partner.values()) {
            List<Injected> partnerFaults = new CopyOnWriteArrayList<>();
            List<Arrival> partnerArrivals = new CopyOnWriteArrayList<>();
            proxies.faults.put(partner, partnerFaults);
            proxies.arrivals.put(partner, partnerArrivals);
            WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                    .bindAddress("127.0.0.1")
                    .dynamicPort()
                    .gzipDisabled(true)
                    .notifier(new ConsoleNotifier(false))
                    .extensions(new Injector(partner.name(), partnerFaults, partnerArrivals)));
            server.start();
            server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(sandbox.rootUrl(partner))));
            proxies.servers.put(partner, server);
        }
        return proxies;
    }

    /** Like the sandbox's base URL of the partner (OpenAI's ends with {@code /v1}). */
    public String baseUrl(Partner partner) {
        String root = "http://127.0.0.1:" + servers.get(partner).port();
        return partner == Partner.OPENAI ? root + "/v1" : root;
    }

    /** The next {@code times} requests to the partner that mention {@code objectId} get {@code response}. */
    public void failNext(Partner partner, String objectId, int times, ResponseDefinitionBuilder response) {
        faults.get(partner).add(new Injected(objectId, request -> mentions(request, objectId), times, Long.MAX_VALUE, response));
    }

    /** Every request to the partner gets {@code response} until {@code until} (the partner is down). */
    public void downUntil(Partner partner, Instant until, ResponseDefinitionBuilder response) {
        faults.get(partner).add(new Injected(null, request -> true, Integer.MAX_VALUE, until.toEpochMilli(), response));
    }

    /** How many injected answers of the partner are still waiting for a matching request. */
    public int pendingFaults(Partner partner, String objectId) {
        return faults.get(partner).stream().filter(f -> objectId.equals(f.objectId)).mapToInt(Injected::remaining).sum();
    }

    public List<Arrival> arrivals(Partner partner) {
        return List.copyOf(arrivals.get(partner));
    }

    @Override
    public void close() {
        servers.values().forEach(WireMockServer::stop);
    }

    private static boolean mentions(Request request, String objectId) {
        return request.getUrl().contains(objectId) || request.getBodyAsString().contains("\"" + objectId + "\"");
    }

    // ---- canned answers ----

    /** An nginx-style HTML error page, as a gateway in front of the partner would answer. */
    public static ResponseDefinitionBuilder htmlBadGateway() {
        return aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                        + "</center><hr><center>nginx</center></body></html>");
    }

    /** 200 with JSON cut in the middle. */
    public static ResponseDefinitionBuilder truncatedJson() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"x\", \"object\": \"customer\", \"dele");
    }

    /** 200 with an empty body where JSON is expected. */
    public static ResponseDefinitionBuilder emptyJson() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json");
    }

    /** The connection is reset without an answer. */
    public static ResponseDefinitionBuilder connectionReset() {
        return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
    }

    /** A JSON answer with the given status, body and headers (name, value, name, value...). */
    public static ResponseDefinitionBuilder json(int status, String body, String... headers) {
        ResponseDefinitionBuilder builder = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.withHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static final class Injected {
        final Predicate<Request> match;
        final long untilMillis;
        final ResponseDefinition response;
        final String objectId;
        int remaining;

        Injected(String objectId, Predicate<Request> match, int times, long untilMillis, ResponseDefinitionBuilder response) {
            this.objectId = objectId;
            this.match = match;
            this.remaining = times;
            this.untilMillis = untilMillis;
            this.response = response.build();
        }

        synchronized int remaining() {
            return remaining;
        }

        synchronized boolean take(Request request) {
            if (remaining <= 0 || System.currentTimeMillis() > untilMillis || !match.test(request)) {
                return false;
            }
            remaining--;
            return true;
        }
    }

    private static final class Injector implements ResponseDefinitionTransformerV2 {
        private final String name;
        private final List<Injected> faults;
        private final List<Arrival> arrivals;

        Injector(String name, List<Injected> faults, List<Arrival> arrivals) {
            this.name = name;
            this.faults = faults;
            this.arrivals = arrivals;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Request request = serveEvent.getRequest();
            arrivals.add(new Arrival(Instant.now(), request.getMethod().getName(), request.getUrl(), request.getBodyAsString()));
            for (Injected fault : new ArrayList<>(faults)) {
                if (fault.take(request)) {
                    return fault.response;
                }
            }
            return serveEvent.getResponseDefinition();
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public String getName() {
            return "partner-proxy-" + name.toLowerCase();
        }
    }
}
