package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ResolutionCategory;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.support.problem.Problems;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What operators and the privacy officer do with tasks: look at them, put a DEAD one back in the queue, or close a
 * DEAD one as handled by hand (with a note and their identity as evidence). For a task of an order (erasure,
 * rectification, restriction), either change makes the (order, partner) publish a new confirmation
 * ({@code erasure-confirmed} or {@code order-confirmed}) once all its tasks are finished again: the kind's handler
 * knows which.
 */
@ApplicationScoped
public class TaskOperations {

    private final EntityManager entityManager;
    private final TaskHandlers handlers;
    private final TaskDispatcher dispatcher;
    private final Clock clock;

    TaskOperations(EntityManager entityManager, TaskHandlers handlers, TaskDispatcher dispatcher, Clock clock) {
        this.entityManager = entityManager;
        this.handlers = handlers;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** One page of tasks, newest first. */
    public record TaskPage(List<PartnerTask> tasks, long total) {
    }

    @Transactional
    public TaskPage list(TaskState state, String partner, TaskKind kind, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (state != null) {
            where.add("state = :state");
            params.put("state", state);
        }
        if (partner != null) {
            where.add("partner = :partner");
            params.put("partner", partner);
        }
        if (kind != null) {
            where.add("kind = :kind");
            params.put("kind", kind);
        }
        Sort sort = Sort.descending("createdAt").and("id");
        PanacheQuery<PartnerTask> query = where.isEmpty()
                ? PartnerTask.findAll(sort)
                : PartnerTask.find(String.join(" and ", where), sort, params);
        long total = query.count();
        return new TaskPage(query.page(Page.of(page, size)).list(), total);
    }

    @Transactional
    public PartnerTask get(UUID id) {
        PartnerTask task = PartnerTask.findById(id);
        if (task == null) {
            throw Problems.notFound("There is no task " + id + ".");
        }
        return task;
    }

    /** DEAD → PENDING, due now, with a fresh retry budget. 409 in any other state. */
    @Transactional
    public PartnerTask retry(UUID id, String operator) {
        PartnerTask task = lockDead(id, "retried");
        Instant now = Instant.now(clock);
        task.state = TaskState.PENDING;
        task.attempts = 0;
        task.nextAttemptAt = now;
        task.retriedAt = now;
        task.manualRetries++;
        task.completedAt = null;
        task.result = null;
        task.deadReason = null;
        handlers.of(task.kind).reopened(task);
        dispatcher.wakeUpAfterCommit();
        Log.infof("Task %s (%s) at %s retried by %s", task.id, task.kind, task.partner, operator);
        return task;
    }

    /**
     * DEAD → RESOLVED_MANUALLY with the note, the caller's identity and, for an erasure's task, the evidence: resolving
     * an erasure by hand decides what the person's receipt says, so it is a privacy officer's act (403 for anyone else)
     * with a category (400 without). 409 in any other state than DEAD.
     */
    @Transactional
    public PartnerTask resolve(UUID id, Resolution resolution, String caller, boolean privacyOfficer) {
        PartnerTask task = lockDead(id, "resolved");
        ResolutionCategory category = null;
        if (task.isErasure()) {
            if (!privacyOfficer) {
                throw Problems.forbidden("Task " + id + " belongs to an erasure: only a privacy officer resolves it by hand "
                        + "(an operator may retry it).");
            }
            if (resolution.category() == null) {
                throw Problems.invalid("category", "is required for an erasure task; one of " + ResolutionCategory.codes(),
                        "Resolving an erasure task by hand needs the category of the evidence.");
            }
            category = resolution.category();
        }
        task.resolveManually(resolution.note(), category, resolution.evidenceReference(), caller, Instant.now(clock));
        TaskHandler handler = handlers.of(task.kind);
        handler.reopened(task);
        handler.finished(task);
        Log.infof("Task %s (%s) at %s resolved manually by %s%s", task.id, task.kind, task.partner, caller,
                category == null ? "" : " (" + category.code() + ")");
        return task;
    }

    /** How a DEAD task was handled by hand: the note, and for an erasure's task the category and evidence reference. */
    public record Resolution(String note, ResolutionCategory category, String evidenceReference) {
    }

    private PartnerTask lockDead(UUID id, String verb) {
        PartnerTask task = entityManager.find(PartnerTask.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (task == null) {
            throw Problems.notFound("There is no task " + id + ".");
        }
        if (task.state != TaskState.DEAD) {
            throw Problems.conflict("Only a DEAD task can be " + verb + "; task " + id + " is " + task.state + ".");
        }
        return task;
    }
}
