package io.privacyplatform.retention.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.retention.ConnectionLog;
import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.retention.config.RetentionConfig;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Connection logs (policy section 8): ingested in batches from the platform, the IP address encrypted, purged by
 * every sweep one year after each connection. Each subject's connection-log inventory entry follows its latest
 * connection, so its clock shows in the subject's retention view.
 */
@ApplicationScoped
public class ConnectionLogService {

    /** One connection as the platform reports it. */
    public record Entry(String subjectId, String ip, Instant at, String kind) {
    }

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final EntityManager entityManager;
    private final ConnectionLogCipher cipher;
    private final InventoryService inventory;
    private final RetentionPolicy policy;
    private final RetentionConfig config;
    private final MeterRegistry meters;
    private final Clock clock;

    ConnectionLogService(EntityManager entityManager, ConnectionLogCipher cipher, InventoryService inventory,
                         RetentionPolicy policy, RetentionConfig config, MeterRegistry meters, Clock clock) {
        this.entityManager = entityManager;
        this.cipher = cipher;
        this.inventory = inventory;
        this.policy = policy;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
    }

    /** Stores the whole batch or nothing: 422 naming every bad entry by index (never its values). */
    @Transactional
    public int ingest(List<Entry> entries) {
        if (!cipher.available()) {
            throw new ProblemException(503, "Not configured", "Connection logs cannot be stored: the encryption key "
                    + "(retention.connection-logs.encryption-key) is not configured.");
        }
        Instant now = clock.instant();
        Instant latestAllowed = now.plus(config.clockSkew());
        Instant cutoff = now.atOffset(java.time.ZoneOffset.UTC)
                .minus(policy.ruleOf(policy.connectionLogPurpose()).period()).toInstant();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (!isIpAddress(entry.ip())) {
                errors.add(new Problem.FieldError("entries[" + i + "].ip", "must be an IPv4 or IPv6 address"));
            }
            if (entry.at().isAfter(latestAllowed)) {
                errors.add(new Problem.FieldError("entries[" + i + "].at", "cannot lie in the future"));
            } else if (entry.at().isBefore(cutoff)) {
                errors.add(new Problem.FieldError("entries[" + i + "].at", "is older than the one-year retention of policy section 8"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.unprocessable("No entry of the batch was stored; see errors.", errors);
        }
        entityManager.flush();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into connection_log (subject_id, occurred_at, ip_encrypted, kind, received_at)
                    values (?, ?, ?, ?, ?)""")) {
                for (Entry entry : entries) {
                    insert.setString(1, entry.subjectId());
                    InventoryService.setInstant(insert, 2, entry.at());
                    insert.setString(3, cipher.encrypt(entry.ip(), entry.subjectId()));
                    insert.setString(4, entry.kind());
                    InventoryService.setInstant(insert, 5, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        Map<String, Instant[]> bySubject = new LinkedHashMap<>();
        for (Entry entry : entries) {
            Instant[] range = bySubject.computeIfAbsent(entry.subjectId(), s -> new Instant[]{entry.at(), entry.at()});
            range[0] = entry.at().isBefore(range[0]) ? entry.at() : range[0];
            range[1] = entry.at().isAfter(range[1]) ? entry.at() : range[1];
        }
        List<InventoryService.Upsert> upserts = new ArrayList<>();
        bySubject.forEach((subject, range) -> upserts.add(new InventoryService.Upsert(subject,
                policy.connectionLogPurpose().code(), EnumSet.of(DataCategory.CONNECTION), range[0], range[1], null, null,
                "connection-log")));
        inventory.mergeAll(upserts);
        meters.counter("connection_logs.ingested").increment(entries.size());
        return entries.size();
    }

    /** A subject's connection logs, newest first, the addresses decrypted (for the access export). */
    @Transactional
    public List<Decrypted> ofSubject(String subjectId) {
        return ConnectionLog.ofSubject(subjectId).stream()
                .map(log -> new Decrypted(log.occurredAt, log.kind, cipher.decrypt(log.ipEncrypted, log.subjectId)))
                .toList();
    }

    public record Decrypted(Instant occurredAt, String kind, String ipAddress) {
    }

    /** Literal addresses only: a host name would make InetAddress resolve it. */
    static boolean isIpAddress(String value) {
        if (value == null) {
            return false;
        }
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            // With a ':' the JDK parses an IPv6 literal and never asks DNS.
            InetAddress.getByName(value);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
