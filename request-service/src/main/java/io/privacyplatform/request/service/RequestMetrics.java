package io.privacyplatform.request.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges {@code requests_overdue} (open requests past their deadline) and {@code requests_attention} (open
 * requests with a silent system), recounted from the database on a timer rather than at scrape time. Every
 * replica reports the same global count: aggregate with {@code max}, not {@code sum}.
 */
@Startup
@ApplicationScoped
public class RequestMetrics {

    private final Deadlines deadlines;
    private final AtomicLong overdue = new AtomicLong();
    private final AtomicLong attention = new AtomicLong();

    RequestMetrics(MeterRegistry registry, Deadlines deadlines) {
        this.deadlines = deadlines;
        Gauge.builder("requests.overdue", overdue, AtomicLong::get)
                .description("Open data-subject requests past their GDPR deadline").register(registry);
        Gauge.builder("requests.attention", attention, AtomicLong::get)
                .description("Open requests with an expected system silent past the alert time").register(registry);
    }

    @Scheduled(every = "${requests.metrics-refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                overdue.set(DataSubjectRequest.count("status in ?1 and dueOn < ?2", RequestStatus.OPEN, deadlines.today()));
                attention.set(DataSubjectRequest.count("status in ?1 and attentionSince is not null", RequestStatus.OPEN));
            });
        } catch (RuntimeException e) {
            Log.warnf("Request gauges not refreshed: %s", SafeLog.describe(e));
        }
    }
}
