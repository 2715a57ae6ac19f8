package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Jsons.obj;

import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * HTTP control of one partner server, under WireMock's admin prefix (not recorded as partner calls):
 * <pre>
 * POST   /__admin/sandbox/fail   {"times":2,"failure":"RATE_LIMITED"} or {"times":2,"status":429}
 * DELETE /__admin/sandbox/fail   drop pending failures
 * POST   /__admin/sandbox/latency {"millis":20}: every later answer comes 20 ms after the call (0 = at once)
 * GET    /__admin/sandbox/latency the current latency
 * POST   /__admin/sandbox/reset  clear objects, failures, latency and recorded calls
 * POST   /__admin/sandbox/seed   one object, partner-specific JSON (see README.md)
 * GET    /__admin/sandbox/calls  recorded calls, oldest first
 * GET    /__admin/sandbox/state  the partner's objects
 * </pre>
 */
final class SandboxAdminApi implements AdminApiExtension {

    private final PartnerServer server;

    SandboxAdminApi(PartnerServer server) {
        this.server = server;
    }

    @Override
    public String getName() {
        return "partner-sandbox-admin";
    }

    @Override
    public void contributeAdminApiRoutes(Router router) {
        router.add(RequestMethod.POST, "/sandbox/fail", (admin, event, params) -> run(event.getRequest()
                .getBodyAsString(), body -> {
                    int times = body.get("times") == null ? 1 : ((Number) body.get("times")).intValue();
                    Failure failure = body.get("failure") != null
                            ? Failure.valueOf(String.valueOf(body.get("failure")).toUpperCase(Locale.ROOT))
                            : Failure.forStatus(((Number) body.get("status")).intValue());
                    server.failNext(times, failure);
                    return pending();
                }));
        router.add(RequestMethod.DELETE, "/sandbox/fail", (admin, event, params) -> {
            server.clearFailures();
            return json(200, pending());
        });
        router.add(RequestMethod.POST, "/sandbox/latency", (admin, event, params) -> run(event.getRequest()
                .getBodyAsString(), body -> {
                    Object millis = body.get("millis");
                    if (!(millis instanceof Integer || millis instanceof Long)) {
                        throw new IllegalArgumentException("millis must be a whole number, was " + millis);
                    }
                    server.setLatency(Duration.ofMillis(((Number) millis).longValue()));
                    return latency();
                }));
        router.add(RequestMethod.GET, "/sandbox/latency", (admin, event, params) -> json(200, latency()));
        router.add(RequestMethod.POST, "/sandbox/reset", (admin, event, params) -> {
            server.reset();
            return json(200, obj("partner", server.partner().id(), "reset", true));
        });
        router.add(RequestMethod.POST, "/sandbox/seed", (admin, event, params) -> run(event.getRequest()
                .getBodyAsString(), body -> {
                    server.simulator.seed(body);
                    return server.simulator.state();
                }));
        router.add(RequestMethod.GET, "/sandbox/calls", (admin, event, params) -> {
            List<Object> calls = new ArrayList<>();
            for (RecordedCall c : server.calls()) {
                calls.add(obj("method", c.method(), "path", c.path(), "query", c.query(), "headers", c.headers(),
                        "body", c.body(), "status", c.status(), "responseBody", c.responseBody()));
            }
            return json(200, obj("partner", server.partner().id(), "calls", calls));
        });
        router.add(RequestMethod.GET, "/sandbox/state", (admin, event, params) ->
                json(200, server.simulator.state()));
    }

    private Map<String, Object> latency() {
        return obj("partner", server.partner().id(), "millis", server.latency().toMillis());
    }

    private Map<String, Object> pending() {
        return obj("partner", server.partner().id(), "pending", server.pendingFailures());
    }

    private static ResponseDefinition run(String body, Function<Map<String, Object>, Object> action) {
        try {
            return json(200, action.apply(Jsons.parseObject(body)));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            return json(400, obj("error", String.valueOf(e.getMessage())));
        }
    }

    private static ResponseDefinition json(int status, Object body) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(Jsons.write(body))
                .build();
    }
}
