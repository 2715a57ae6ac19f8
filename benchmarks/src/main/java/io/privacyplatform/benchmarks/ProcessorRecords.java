package io.privacyplatform.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Registers processor records at partner-sync over its REST API ({@code POST /processor-records}, role processor-record-recorder of the billing-backend client). */
final class ProcessorRecords {

    /** Requests in flight at once. */
    private static final int CONCURRENCY = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String billingBackendToken;

    ProcessorRecords(String serviceBaseUrl, String billingBackendToken) {
        this.endpoint = URI.create(serviceBaseUrl + "/processor-records");
        this.billingBackendToken = billingBackendToken;
    }

    /** Registers every holding of every subject, {@value #CONCURRENCY} at a time; fails on the first refusal. */
    void register(List<Scenario.Subject> subjects) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (Scenario.Subject subject : subjects) {
            for (Scenario.Holding holding : subject.holdings()) {
                inFlight.acquire();
                HttpRequest request = HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + billingBackendToken)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body(subject, holding)))
                        .build();
                sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> inFlight.release())
                        .thenAccept(response -> {
                            if (response.statusCode() != 201 && response.statusCode() != 200) {
                                // problem+json of partner-sync: codes and field names only, no identifiers echoed
                                throw new IllegalStateException("POST /processor-records answered " + response.statusCode()
                                        + ": " + response.body());
                            }
                        }));
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private static String body(Scenario.Subject subject, Scenario.Holding holding) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subjectId", subject.subjectId());
        body.put("partner", holding.partner());
        body.put("objectType", holding.objectType());
        body.put("objectId", holding.objectId());
        body.put("purpose", holding.purpose());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
