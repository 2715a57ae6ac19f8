package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.export.PartnerSyncExport;
import io.privacyplatform.partnersync.Capability;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.client.LocallyRateLimitedException;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.partnersync.client.PartnerException;
import io.privacyplatform.partnersync.client.PartnerGate;
import io.privacyplatform.partnersync.client.PartnerRead;
import io.privacyplatform.partnersync.config.TaskConfig;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a subject's access export slice: the processor records, and each object not erased yet whose type supports
 * {@link Capability#EXPORT_READ} (Stripe customers, HubSpot contacts) read live through the same connectors, rate
 * limiters and circuit breakers as the tasks; the others are listed as not read, with their connector's notice. Reads
 * are non-blocking, up to {@code partner-sync.export.concurrency} of an export at once, and each is bounded by what is
 * left of {@code partner-sync.export.timeout}; whatever is not read by then is UNAVAILABLE and the export is not
 * complete. What is read is returned and dropped: never stored, logged or counted by value.
 */
@ApplicationScoped
public class SubjectExports {

    static final String ERASED_NOTICE = "Objects already erased at the partner are listed as processor records only (erasedAt); they are not read.";

    private final ProcessorRecords records;
    private final PartnerConnectors connectors;
    private final TaskConfig config;
    private final Clock clock;

    SubjectExports(ProcessorRecords records, PartnerConnectors connectors, TaskConfig config, Clock clock) {
        this.records = records;
        this.connectors = connectors;
        this.config = config;
        this.clock = clock;
    }

    /** The export; an unknown subject gets empty lists (having no data is an answer, not an error). */
    public PartnerSyncExport export(String subjectId) {
        Instant started = Instant.now(clock);
        long deadline = System.nanoTime() + config.export().timeout().toNanos();
        List<ProcessorRecord> held = records.ofSubject(subjectId);

        List<PartnerSyncExport.Record> listed = new ArrayList<>();
        List<Uni<Read>> reads = new ArrayList<>();
        List<Read> done = new ArrayList<>();
        Set<String> notReadNotices = new LinkedHashSet<>();
        boolean erased = false;
        for (ProcessorRecord record : held) {
            listed.add(new PartnerSyncExport.Record(record.partner, record.objectType, record.objectId, record.purpose,
                    record.createdAt, record.source, record.erasedAt));
            if (record.erasedAt != null) {
                erased = true;
                continue;
            }
            int position = done.size() + reads.size();
            if (PartnerObjectType.supports(record.partner, record.objectType, Capability.EXPORT_READ)) {
                reads.add(read(position, record, deadline));
            } else {
                connectors.find(record.partner).flatMap(PartnerConnector::exportNotReadNotice).ifPresent(notReadNotices::add);
                done.add(new Read(position, object(record, PartnerSyncExport.Status.NOT_READ, Map.of(), null), null));
            }
        }
        // Every read recovers (its failure becomes UNAVAILABLE with a reason) and ends by the deadline.
        if (!reads.isEmpty()) {
            done.addAll(Multi.createFrom().iterable(reads).onItem().transformToUni(read -> read)
                    .merge(Math.max(1, config.export().concurrency())).collect().asList().await().indefinitely());
        }
        done.sort(java.util.Comparator.comparingInt(Read::position));

        List<PartnerSyncExport.PartnerObject> objects = new ArrayList<>();
        Map<String, TreeSet<String>> failures = new TreeMap<>();
        Map<String, Integer> failed = new TreeMap<>();
        for (Read read : done) {
            objects.add(read.object());
            if (read.failure() != null) {
                failures.computeIfAbsent(read.object().partner(), p -> new TreeSet<>()).add(read.failure());
                failed.merge(read.object().partner(), 1, Integer::sum);
            }
        }

        List<String> notices = new ArrayList<>();
        failed.forEach((partner, n) -> notices.add(partner + ": " + n + " object" + (n == 1 ? "" : "s")
                + " could not be read now (" + String.join(", ", failures.get(partner))
                + "); the export is incomplete, ask again later."));
        notices.addAll(notReadNotices);
        if (erased) {
            notices.add(ERASED_NOTICE);
        }
        Log.infof("Access export of subject %s: %d processor records, %d partner objects, %d unavailable",
                subjectId, listed.size(), objects.size(), failed.values().stream().mapToInt(Integer::intValue).sum());
        return new PartnerSyncExport(subjectId, started, listed, objects, failed.isEmpty(), notices);
    }

    /**
     * One live read behind the partner's circuit breaker, started when subscribed to (nothing is sent once the deadline
     * has passed) and cancelled at the deadline; never fails.
     */
    private Uni<Read> read(int position, ProcessorRecord record, long deadline) {
        PartnerConnector connector = connectors.of(record.partner);
        return Uni.createFrom().deferred(() -> {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Uni.createFrom().<PartnerRead>failure(new TimeoutException());
            }
            // Rounded up: a timer firing before the deadline would let the next read start in the time left.
            return connector.gate().guarded(() -> connector.readForExport(record.objectId))
                    .ifNoItem().after(PartnerGate.wholeMillisUp(left)).fail();
        }).map(read -> new Read(position, object(record, read.found() ? PartnerSyncExport.Status.FOUND
                        : PartnerSyncExport.Status.GONE, read.fields(), Instant.now(clock)), null))
                .onFailure().recoverWithItem(e -> new Read(position, object(record, PartnerSyncExport.Status.UNAVAILABLE,
                        Map.of(), null), reason(e)));
    }

    /** One object of the export, at its record's position, and why it could not be read (null when it was, or was not to be). */
    private record Read(int position, PartnerSyncExport.PartnerObject object, String failure) {
    }

    private static PartnerSyncExport.PartnerObject object(ProcessorRecord record, PartnerSyncExport.Status status,
                                                      Map<String, String> fields, Instant retrievedAt) {
        return new PartnerSyncExport.PartnerObject(record.partner, record.objectType, record.objectId, status, fields,
                retrievedAt);
    }

    /** A safe reason: codes and statuses only (partner exceptions never carry the partner's message text). */
    private static String reason(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return "timed out";
        }
        if (cause instanceof CircuitBreakerOpenException) {
            return "circuit breaker open";
        }
        if (cause instanceof LocallyRateLimitedException) {
            return "rate limited";
        }
        if (cause instanceof PartnerException e) {
            if (e.status() == 401 || e.status() == 403) {
                return "unauthorized";
            }
            return e.status() == 0 ? "no answer" : "HTTP " + e.status();
        }
        Log.warnf("Access export read failed unexpectedly: %s", SafeLog.describe(cause));
        return "unexpected error";
    }
}
