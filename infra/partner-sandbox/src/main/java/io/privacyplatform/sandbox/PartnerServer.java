package io.privacyplatform.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WireMock server for one partner: a catch-all stub whose response a transformer computes from the partner's
 * {@link PartnerSimulator}, after consuming any queued {@link Failure}. Calls are recorded here, before the response
 * is written, so that a client that got its answer always finds its call in {@link #calls()}.
 */
final class PartnerServer {

    static final String BIND_ADDRESS = "127.0.0.1";
    /** Recorded calls kept per partner; the oldest are dropped beyond this (long local runs). */
    static final int MAX_RECORDED_CALLS = 10_000;
    /** Threads that write delayed answers (see {@link #setLatency}); a delay holds no request thread. */
    private static final int DELAYED_RESPONSE_THREADS = 2;
    static final Duration MAX_LATENCY = Duration.ofMinutes(10);

    final PartnerSimulator simulator;
    private final WireMockServer wireMock;
    private final Deque<PendingFailure> failures = new ArrayDeque<>();
    private final Deque<RecordedCall> calls = new ArrayDeque<>();
    private final SideEffectTally sideEffects = new SideEffectTally();
    private volatile FailureWindow failureWindow;
    private volatile Duration latency = Duration.ZERO;

    PartnerServer(PartnerSimulator simulator, int port) {
        this.simulator = simulator;
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress(BIND_ADDRESS)
                .gzipDisabled(true)
                .maxRequestJournalEntries(1000)
                .notifier(new ConsoleNotifier(false))
                // Delayed answers are scheduled, not slept on a request thread: a partner answering in 20 ms
                // serves many concurrent clients. Answers without a delay are written at once, as before.
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(DELAYED_RESPONSE_THREADS)
                .extensions(new Transformer(), new SandboxAdminApi(this));
        if (port == 0) {
            options.dynamicPort();
        } else {
            options.port(port);
        }
        this.wireMock = new WireMockServer(options);
    }

    void start() {
        wireMock.start();
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    void stop() {
        if (wireMock.isRunning()) {
            wireMock.stop();
        }
    }

    int port() {
        return wireMock.port();
    }

    String rootUrl() {
        return "http://" + BIND_ADDRESS + ":" + port();
    }

    Partner partner() {
        return simulator.partner();
    }

    void failNext(int times, Failure failure) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        if (failure == null || !simulator.supportedFailures().contains(failure)) {
            throw new IllegalArgumentException(partner() + " has no " + failure + " failure; it supports "
                    + simulator.supportedFailures());
        }
        synchronized (failures) {
            failures.addLast(new PendingFailure(failure, times));
        }
    }

    void clearFailures() {
        synchronized (failures) {
            failures.clear();
        }
        failureWindow = null;
    }

    List<Map<String, Object>> pendingFailures() {
        synchronized (failures) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (PendingFailure f : failures) {
                out.add(Jsons.obj("failure", f.failure.name(), "status", f.failure.status(), "times", f.remaining));
            }
            return out;
        }
    }

    /**
     * Until {@code window} has passed, each call (not already failed by {@link #failNext}) fails with probability
     * {@code rate}, with one of {@code mix} picked at random.
     */
    void failRandomly(double rate, Duration window, List<Failure> mix) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
        }
        if (mix.isEmpty() || !simulator.supportedFailures().containsAll(mix)) {
            throw new IllegalArgumentException(partner() + " supports " + simulator.supportedFailures() + ", not all of " + mix);
        }
        failureWindow = new FailureWindow(rate, System.nanoTime() + window.toNanos(), List.copyOf(mix));
    }

    SideEffects sideEffects() {
        return sideEffects.snapshot();
    }

    private Failure nextFailure() {
        synchronized (failures) {
            PendingFailure head = failures.peekFirst();
            if (head == null) {
                FailureWindow window = failureWindow;
                return window == null ? null : window.draw();
            }
            if (--head.remaining == 0) {
                failures.removeFirst();
            }
            return head.failure;
        }
    }

    /** Every later partner answer (failures included) is written this long after the request arrived. */
    void setLatency(Duration latency) {
        if (latency == null || latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("latency must be between 0 and " + MAX_LATENCY + ", was " + latency);
        }
        this.latency = latency;
    }

    Duration latency() {
        return latency;
    }

    List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Clears the partner's objects, pending failures, latency, recorded calls and WireMock's request journal. */
    void reset() {
        simulator.reset();
        clearFailures();
        latency = Duration.ZERO;
        synchronized (calls) {
            calls.clear();
        }
        sideEffects.reset();
        wireMock.resetRequests();
    }

    private void record(SandboxRequest request, SandboxResponse response) {
        RecordedCall call = new RecordedCall(request.method, request.path, request.rawQuery, request.headers,
                request.body, response.status, response.body);
        synchronized (calls) {
            calls.addLast(call);
            if (calls.size() > MAX_RECORDED_CALLS) {
                calls.removeFirst();
            }
        }
    }

    private SandboxResponse answer(SandboxRequest request) {
        Failure failure = nextFailure();
        try {
            SandboxResponse response = failure != null ? simulator.failure(failure, request) : simulator.handle(request);
            sideEffects.count(request, response, failure != null);
            return response;
        } catch (RuntimeException bug) {
            StringWriter trace = new StringWriter();
            bug.printStackTrace(new PrintWriter(trace));
            return SandboxResponse.json(500, Jsons.obj("error", Jsons.obj("message",
                    "partner-sandbox bug: " + bug, "type", "sandbox_error", "trace", trace.toString())));
        }
    }

    private static ResponseDefinition toWireMock(SandboxResponse response, Duration latency) {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition();
        if (!latency.isZero()) {
            builder.withFixedDelay(Math.toIntExact(latency.toMillis()));
        }
        if (response.connectionReset) {
            return builder.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        builder.withStatus(response.status);
        Map<String, String> headers = new LinkedHashMap<>(response.headers);
        headers.forEach(builder::withHeader);
        if (!response.body.isEmpty()) {
            builder.withBody(response.body);
        }
        return builder.build();
    }

    /** A failure rate until a deadline (nanoTime). */
    private record FailureWindow(double rate, long endsAt, List<Failure> mix) {

        Failure draw() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (System.nanoTime() - endsAt >= 0 || random.nextDouble() >= rate) {
                return null;
            }
            return mix.get(random.nextInt(mix.size()));
        }
    }

    private static final class PendingFailure {
        final Failure failure;
        int remaining;

        PendingFailure(Failure failure, int remaining) {
            this.failure = failure;
            this.remaining = remaining;
        }
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            SandboxRequest request = SandboxRequest.from(serveEvent.getRequest());
            SandboxResponse response = answer(request);
            record(request, response);
            return toWireMock(response, latency);
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public String getName() {
            return "partner-sandbox-" + partner().id();
        }
    }
}
