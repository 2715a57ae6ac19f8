package io.privacyplatform.partnersync.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/** Gauge of pending tasks (refreshed by the worker) and confirmations by partner and outcome. */
@ApplicationScoped
public class ErasureMetrics {

    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();

    ErasureMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("partner.erasure.tasks.pending", pending, AtomicLong::get)
                .description("Erasure tasks waiting for a first attempt or a retry")
                .register(registry);
    }

    void pendingTasks(long count) {
        pending.set(count);
    }

    void confirmed(String partner, ErasureOutcome outcome) {
        Counter.builder("partner.erasure.confirmations")
                .description("erasure-confirmed events published, by partner and outcome")
                .tag("partner", partner)
                .tag("outcome", outcome.name())
                .register(registry)
                .increment();
    }
}
