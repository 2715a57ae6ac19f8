package io.privacyplatform.testkit.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.PartnerSandbox;
import io.privacyplatform.sandbox.SideEffects;
import io.privacyplatform.testkit.KafkaTestClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The soak (issue 16, item 8), shared by {@code benchmarks/run soak} and the system test {@code SoakIT}: on a
 * {@link LocalPlatform#wholePlatform whole platform} of its own (it restarts the broker and kills every service),
 * <ol>
 * <li>seeds {@link SoakPlan#erasures()} pseudonymous subjects holding the mix's partner objects (sandbox objects and
 * processor records at partner-sync), a consent at consent-service, an inventory entry at retention-service and an
 * account in the account database;</li>
 * <li>files an erasure for each as the subject's frontend does and approves it as the privacy officer, while the
 * faults of {@link SoakPlan#faults()} strike, each once its share of the erasures is filed;</li>
 * <li>waits until every erasure is COMPLETED (or the timeout), polling every group's consumer lag meanwhile;</li>
 * <li>checks the dead-letter topics, the partner objects left and the partners' side effects.</li>
 * </ol>
 * Filing pauses while request-service is down (its SIGKILL waits for the requests in flight): a frontend would retry a
 * refused call, but a filing whose answer was lost cannot be told from one never made, and the soak counts every one.
 */
public final class SoakDriver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);
    /** A call refused while its service restarts is tried again for this long. */
    private static final Duration RETRY_FOR = Duration.ofMinutes(3);
    private static final int SEED_CONCURRENCY = 16;

    private final LocalPlatform platform;
    private final SoakPlan plan;
    private final SoakListener listener;
    /** Unique to the run: a platform's data outlives a run (the system tests keep their work directory). */
    private final long runNumber = System.currentTimeMillis() % 1_000_000_000L;
    private final String run = Long.toString(runNumber, 36);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    /** Filers hold it to read; killing request-service takes it to write: no filing is in flight at the kill. */
    private final ReadWriteLock requestServiceUp = new ReentrantReadWriteLock(true);
    private final AtomicInteger filed = new AtomicInteger();
    private final AtomicInteger lagPollFailures = new AtomicInteger();
    private final Map<String, Long> maxLag = new TreeMap<>();
    private volatile String officerToken;

    public SoakDriver(LocalPlatform platform, SoakPlan plan, SoakListener listener) {
        this.platform = platform;
        this.plan = plan;
        this.listener = listener;
    }

    /** A subject of the run and what it holds. */
    record Subject(int index, String id, String stripeCustomer, String hubspotContact, String openAiResponse) {
    }

    public SoakResult run() throws Exception {
        List<Subject> subjects = subjects();
        long seedStart = System.nanoTime();
        seed(subjects);
        Duration seeding = since(seedStart);
        System.out.printf("[soak] %,d subjects seeded in %.1f s%n", subjects.size(), seeding.toMillis() / 1000.0);

        officerToken = platform.token("dpo-soak", "privacy-officer");
        long baseline = completedErasures();
        String[] requestIds = new String[subjects.size()];
        List<SoakResult.FaultRecord> faults = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(plan.filers() + 2);
        long start = System.nanoTime();
        Duration filing;
        try (LagMonitor lag = new LagMonitor()) {
            pool.submit(lag);
            Future<?> faulting = pool.submit(() -> strike(faults, start));
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> filers = new ArrayList<>();
            for (int f = 0; f < plan.filers(); f++) {
                filers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < subjects.size(); i = next.getAndIncrement()) {
                        pace(start, i);
                        requestIds[i] = fileAndApprove(subjects.get(i));
                        filed.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> filer : filers) {
                filer.get();
            }
            filing = since(start);
            System.out.printf("[soak] %,d erasures filed and approved in %.1f s%n", subjects.size(), filing.toMillis() / 1000.0);
            faulting.get();
            awaitCompletion(baseline, subjects.size());
        } finally {
            pool.shutdownNow();
        }
        Duration total = since(start);
        Duration lastFaultEnd = faults.stream().map(SoakResult.FaultRecord::ended).max(Duration::compareTo).orElse(Duration.ZERO);

        Map<String, Integer> notCompleted = notCompleted(requestIds);
        int completed = subjects.size() - notCompleted.values().stream().mapToInt(Integer::intValue).sum();
        return new SoakResult(subjects.size(), completed, notCompleted, deadLettered(), objectsLeft(subjects),
                sideEffects(), List.copyOf(faults), total.minus(lastFaultEnd), Map.copyOf(maxLag), lagPollFailures.get(),
                seeding, filing, total);
    }

    // ---- the subjects and their data ----

    private List<Subject> subjects() {
        List<Subject> subjects = new ArrayList<>(plan.erasures());
        for (int i = 0; i < plan.erasures(); i++) {
            subjects.add(new Subject(i, "soak-" + run + "-" + i,
                    picks(plan.stripeShare(), i) ? "cus_soak" + run + "x" + i : null,
                    picks(plan.hubspotShare(), i) ? Long.toString(runNumber * 100_000L + i) : null,
                    "resp_soak" + run + "x" + i));
        }
        return subjects;
    }

    /** Shares spread evenly: subject i holds an object when floor((i+1)·share) > floor(i·share). */
    private static boolean picks(double share, int i) {
        return Math.floor((i + 1) * share) > Math.floor(i * share);
    }

    private static String email(Subject subject) {
        return subject.id() + "@example.test";
    }

    private void seed(List<Subject> subjects) throws Exception {
        PartnerSandbox sandbox = platform.sandbox();
        for (Subject subject : subjects) {
            if (subject.stripeCustomer() != null) {
                sandbox.seedStripeCustomer(subject.stripeCustomer(), email(subject), "Soak Subject");
            }
            if (subject.hubspotContact() != null) {
                sandbox.seedHubSpotContact(subject.hubspotContact(), email(subject));
            }
            sandbox.seedOpenAiObject("response", subject.openAiResponse());
        }
        seedAccounts(subjects);
        String billing = platform.clientToken(RealmClients.BILLING_BACKEND);
        String web = platform.clientToken(RealmClients.WEB_BACKEND);
        String records = platform.serviceUrl("partner-sync-service") + "/processor-records";
        ExecutorService pool = Executors.newFixedThreadPool(SEED_CONCURRENCY);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Subject subject : subjects) {
                done.add(pool.submit(() -> {
                    if (subject.stripeCustomer() != null) {
                        post(records, billing, Map.of("subjectId", subject.id(), "partner", "stripe", "objectType", "customer",
                                "objectId", subject.stripeCustomer(), "purpose", "billing"), 201);
                    }
                    if (subject.hubspotContact() != null) {
                        post(records, billing, Map.of("subjectId", subject.id(), "partner", "hubspot", "objectType", "contact",
                                "objectId", subject.hubspotContact(), "purpose", "customer-inquiries"), 201);
                    }
                    post(records, billing, Map.of("subjectId", subject.id(), "partner", "openai", "objectType", "response",
                            "objectId", subject.openAiResponse(), "purpose", "service-provision"), 201);
                    post(platform.serviceUrl("consent-service") + "/consents", platform.token(subject.id(), "data-subject"),
                            Map.of("purpose", "marketing-email", "granted", true), 201);
                    post(platform.serviceUrl("retention-service") + "/inventory", web, Map.of("subjectId", subject.id(),
                            "purpose", "account-registration", "dataCategories", List.of("identity", "contact")), 201, 200);
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** An account and a profile per subject in the account database, set-based (the datastore erases them). */
    private void seedAccounts(List<Subject> subjects) throws SQLException {
        String[] ids = subjects.stream().map(Subject::id).toArray(String[]::new);
        String url = platform.postgres().jdbcUrl(LocalPlatform.Datastore.ACCOUNT_DATABASE.database());
        try (Connection connection = DriverManager.getConnection(url, platform.postgres().username(), platform.postgres().password())) {
            try (PreparedStatement accounts = connection.prepareStatement(
                    "insert into accounts (subject_id, email) select id, id || '@example.test' from unnest(?::text[]) as id")) {
                accounts.setArray(1, connection.createArrayOf("text", ids));
                accounts.executeUpdate();
            }
            try (PreparedStatement profiles = connection.prepareStatement("insert into profiles"
                    + " (account_id, first_name, last_name, phone, birth_date) select a.id, 'Soak', 'Subject', '+33600000000',"
                    + " date '1990-04-01' from accounts a where a.subject_id = any(?::text[])")) {
                profiles.setArray(1, connection.createArrayOf("text", ids));
                profiles.executeUpdate();
            }
        }
    }

    // ---- filing ----

    private void pace(long start, int index) throws InterruptedException {
        if (plan.filingRate() <= 0) {
            return;
        }
        long due = start + (long) (index / plan.filingRate() * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** As the subject's frontend files and the officer approves; returns the request's id. */
    private String fileAndApprove(Subject subject) throws Exception {
        requestServiceUp.readLock().lockInterruptibly();
        try {
            String requests = platform.serviceUrl("request-service") + "/requests";
            JsonNode filedRequest = post(requests, platform.token(subject.id(), "data-subject"), Map.of("type", "ERASURE"), 201);
            String id = filedRequest.path("id").asText();
            JsonNode approved = post(requests + "/" + id + "/approve", officerToken, null, 200);
            if (!"IN_PROGRESS".equals(approved.path("status").asText()) && !"COMPLETED".equals(approved.path("status").asText())) {
                throw new IllegalStateException("an approved erasure is " + approved.path("status").asText());
            }
            return id;
        } finally {
            requestServiceUp.readLock().unlock();
        }
    }

    // ---- faults ----

    private void strike(List<SoakResult.FaultRecord> faults, long start) {
        try {
            for (SoakPlan.Fault fault : plan.faults()) {
                int due = (int) Math.ceil(fault.atFiledShare() * plan.erasures());
                while (filed.get() < due) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                Duration began = since(start);
                System.out.printf("[soak] %.1f s: %s%n", began.toMillis() / 1000.0, fault.describe(plan));
                Duration ended = switch (fault.kind()) {
                    case PARTNER_FAILURES -> {
                        platform.sandbox().failRandomly(plan.failureRate(), plan.failureWindow());
                        yield began.plus(plan.failureWindow());
                    }
                    case BROKER_RESTART -> {
                        listener.stopping("Kafka");
                        platform.restartKafka();
                        listener.started("Kafka");
                        yield since(start);
                    }
                    case SIGKILL -> {
                        kill(fault.target());
                        yield since(start);
                    }
                };
                synchronized (faults) {
                    faults.add(new SoakResult.FaultRecord(fault.describe(plan), fault.atFiledShare(), began, ended));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, then a restart on the same port and configuration (as ServiceRestartIT does). */
    private void kill(String service) throws InterruptedException {
        boolean requestService = service.equals("request-service");
        if (requestService) {
            requestServiceUp.writeLock().lockInterruptibly();
        }
        try {
            listener.stopping(service);
            ProcessHandle handle = ProcessHandle.of(platform.service(service).pid()).orElseThrow();
            handle.destroyForcibly();
            handle.onExit().get(60, TimeUnit.SECONDS);
            platform.restart(service);
            listener.started(service);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(service + " did not die of SIGKILL", e);
        } finally {
            if (requestService) {
                requestServiceUp.writeLock().unlock();
            }
        }
    }

    // ---- completion and checks ----

    private void awaitCompletion(long baseline, int count) throws Exception {
        long deadline = System.nanoTime() + plan.timeout().toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long completed = completedErasures() - baseline;
            if (completed != last) {
                System.out.printf("[soak] %,d / %,d completed%n", completed, count);
                last = completed;
            }
            if (completed >= count) {
                return;
            }
            TimeUnit.SECONDS.sleep(2);
        }
        System.out.printf("[soak] timed out after %d s with %,d / %,d completed%n", plan.timeout().toSeconds(), last, count);
    }

    private long completedErasures() throws Exception {
        return get("/requests?status=COMPLETED&type=ERASURE&size=1").path("total").asLong();
    }

    /** The run's requests that are not COMPLETED, counted by status. */
    private Map<String, Integer> notCompleted(String[] requestIds) throws Exception {
        Set<String> completed = new HashSet<>();
        for (int page = 0; ; page++) {
            JsonNode items = get("/requests?status=COMPLETED&type=ERASURE&size=200&page=" + page).path("items");
            items.forEach(item -> completed.add(item.path("id").asText()));
            if (items.size() < 200) {
                break;
            }
        }
        Map<String, Integer> others = new TreeMap<>();
        for (String id : requestIds) {
            if (id == null) {
                others.merge("NOT FILED", 1, Integer::sum);
            } else if (!completed.contains(id)) {
                others.merge(get("/requests/" + id).path("status").asText(), 1, Integer::sum);
            }
        }
        return others;
    }

    private Map<String, Integer> deadLettered() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (KafkaTestClient kafka = new KafkaTestClient(platform.kafka().bootstrapServers())) {
            for (String service : LocalPlatform.SERVICES) {
                counts.put(Events.deadLetterTopic(service), kafka.readAll(Events.deadLetterTopic(service)).size());
            }
        }
        return counts;
    }

    @SuppressWarnings("unchecked")
    private Map<Partner, Integer> objectsLeft(List<Subject> subjects) {
        PartnerSandbox sandbox = platform.sandbox();
        Set<String> liveCustomers = new HashSet<>();
        for (Object customer : (List<Object>) sandbox.state(Partner.STRIPE).get("customers")) {
            Map<String, Object> fields = (Map<String, Object>) customer;
            if (!Boolean.TRUE.equals(fields.get("deleted"))) {
                liveCustomers.add(String.valueOf(fields.get("id")));
            }
        }
        Set<String> contacts = new HashSet<>();
        for (Object contact : (List<Object>) sandbox.state(Partner.HUBSPOT).get("contacts")) {
            contacts.add(String.valueOf(((Map<String, Object>) contact).get("id")));
        }
        Set<Object> responses = new HashSet<>((List<Object>) sandbox.state(Partner.OPENAI).get("responses"));
        Map<Partner, Integer> left = new EnumMap<>(Partner.class);
        left.put(Partner.STRIPE, (int) subjects.stream().filter(s -> s.stripeCustomer() != null && liveCustomers.contains(s.stripeCustomer())).count());
        left.put(Partner.HUBSPOT, (int) subjects.stream().filter(s -> s.hubspotContact() != null && contacts.contains(s.hubspotContact())).count());
        left.put(Partner.OPENAI, (int) subjects.stream().filter(s -> responses.contains(s.openAiResponse())).count());
        return left;
    }

    private Map<Partner, SideEffects> sideEffects() {
        Map<Partner, SideEffects> effects = new EnumMap<>(Partner.class);
        for (Partner partner : Partner.values()) {
            effects.put(partner, platform.sandbox().sideEffects(partner));
        }
        return effects;
    }

    // ---- HTTP ----

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform.serviceUrl("request-service") + pathAndQuery))
                .timeout(HTTP_TIMEOUT).header("Authorization", "Bearer " + officerToken).GET().build();
        return send(() -> request, 200);
    }

    /** POST of a JSON body (none when null); a refused connection or a 5xx is tried again while the service restarts. */
    private JsonNode post(String url, String token, Object body, int... expected) throws Exception {
        String json = body == null ? "" : JSON.writeValueAsString(body);
        return send(() -> HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), expected);
    }

    private JsonNode send(Supplier<HttpRequest> request, int... expected) throws Exception {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        while (true) {
            HttpRequest built = request.get();
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                for (int status : expected) {
                    if (response.statusCode() == status) {
                        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
                    }
                }
                if (response.statusCode() < 500 || System.nanoTime() > deadline) {
                    // problem+json: codes and field names, no identifiers echoed
                    throw new IllegalStateException(built.method() + " " + built.uri().getPath() + " answered "
                            + response.statusCode() + ": " + response.body());
                }
            } catch (IOException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Every consumer group's lag (end offsets minus committed), every 2 s; the highest per group is kept. */
    private final class LagMonitor implements Runnable, AutoCloseable {

        private volatile boolean stopped;

        @Override
        public void run() {
            while (!stopped) {
                try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                        org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers(),
                        // short, so that a poll while the broker restarts fails fast (the API timeout may not be shorter)
                        org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                        org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
                    while (!stopped) {
                        poll(admin);
                        TimeUnit.SECONDS.sleep(2);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception brokerDown) {
                    lagPollFailures.incrementAndGet();
                    try {
                        TimeUnit.SECONDS.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private void poll(org.apache.kafka.clients.admin.Admin admin) throws Exception {
            var groups = admin.listConsumerGroups().all().get(5, TimeUnit.SECONDS);
            for (var group : groups) {
                var committed = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()
                        .get(5, TimeUnit.SECONDS);
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new LinkedHashMap<>();
                committed.keySet().forEach(partition -> latest.put(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
                long lag = 0;
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                        lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                    }
                }
                synchronized (maxLag) {
                    maxLag.merge(group.groupId(), lag, Math::max);
                }
            }
        }

        @Override
        public void close() {
            stopped = true;
        }
    }
}
