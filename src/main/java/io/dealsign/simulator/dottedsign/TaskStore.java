package io.dealsign.simulator.dottedsign;

import io.dealsign.simulator.dottedsign.TaskEvent.Actor;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Every task and the status machine that moves them. One lock (this object) guards all of it, and
 * events are handed to the webhook sink while the lock is held, so the order of events for a task is
 * the order of its changes even when requests race.
 *
 * <p>API operations throw {@link ApiError}; the signer-side control operations ({@link #sign},
 * {@link #decline}, {@link #expire}) throw {@link NoSuchElementException} for an unknown or discarded
 * task and {@link IllegalStateException} for a task that is not waiting.
 */
final class TaskStore {

    private final Map<Long, Task> tasks = new HashMap<>();
    private final Clock clock;
    private final Consumer<TaskEvent> events;
    private long nextTaskId;
    private int createdThroughApi;

    TaskStore(Clock clock, Consumer<TaskEvent> events) {
        this.clock = clock;
        this.events = events;
        // Six-digit ids from a random start, so they are never mistaken for small Pipedrive ids.
        this.nextTaskId = 100_000 + ThreadLocalRandom.current().nextInt(800_000);
    }

    synchronized Task create(CreateTaskRequest request, Actor owner, Integer monthlyQuota) {
        if (monthlyQuota != null && createdThroughApi >= monthlyQuota) {
            throw ApiError.overMonthlyTaskUsage(monthlyQuota);
        }
        createdThroughApi++;
        Instant now = now();
        Task task = new Task(nextTaskId++, request.fileName(), request.templateId(), TaskStatus.DRAFT,
                request.metadata(), request.stages(), now, now, false);
        tasks.put(task.taskId(), task);
        events.accept(new TaskEvent(task, "created", owner, now));
        if (request.start()) {
            task = change(task, task.withStatus(TaskStatus.WAITING, nextUpdate(task)), "sent", owner);
        }
        return task;
    }

    synchronized Task read(long taskId) {
        return visible(taskId);
    }

    synchronized TaskPage list(ListQuery query) {
        List<Task> matching = tasks.values().stream().filter(query::matches).sorted(query.order()).toList();
        int totalPages = (matching.size() + query.perPage() - 1) / query.perPage();
        int from = (int) Math.min(matching.size(), (long) (query.page() - 1) * query.perPage());
        int to = Math.min(matching.size(), from + query.perPage());
        return new TaskPage(matching.subList(from, to), query.page(), totalPages, matching.size());
    }

    synchronized Task voidTask(long taskId, Actor owner) {
        Task task = visible(taskId);
        if (task.status() != TaskStatus.WAITING) {
            throw ApiError.invalidAction("only a waiting task can be voided; task " + taskId + " is " + task.status().wireName());
        }
        return change(task, task.withStatus(TaskStatus.VOIDED, nextUpdate(task)), "voided", owner);
    }

    /** Discarding sends no webhook: DottedSign documents no discard event (ASSUMED). */
    synchronized Task discard(long taskId) {
        Task task = visible(taskId);
        if (!task.status().isDiscardable()) {
            throw ApiError.invalidAction("a waiting task cannot be discarded; void task " + taskId + " first");
        }
        Task discarded = task.asDiscarded(nextUpdate(task));
        tasks.put(taskId, discarded);
        return discarded;
    }

    /** The next unsigned signer signs; the last signature completes the task. */
    synchronized Task sign(long taskId) {
        Task task = waiting(taskId);
        int stageIndex = task.stages().indexOf(task.nextUnsignedStage().orElseThrow());
        Stage signer = task.stages().get(stageIndex);
        Actor actor = signerActor(signer);
        task = change(task, task.withStage(stageIndex, StageStatus.SIGNED, nextUpdate(task)), "signed", actor);
        if (task.nextUnsignedStage().isEmpty()) {
            task = change(task, task.withStatus(TaskStatus.COMPLETED, nextUpdate(task)), "completed", actor);
        }
        return task;
    }

    /** The next unsigned signer declines, which ends the task. */
    synchronized Task decline(long taskId) {
        Task task = waiting(taskId);
        int stageIndex = task.stages().indexOf(task.nextUnsignedStage().orElseThrow());
        Stage signer = task.stages().get(stageIndex);
        Instant at = nextUpdate(task);
        Task declined = task.withStage(stageIndex, StageStatus.DECLINED, at).withStatus(TaskStatus.DECLINED, at);
        return change(task, declined, "declined", signerActor(signer));
    }

    /** The task passes its deadline; DottedSign reports it as done by the owner's account (ASSUMED). */
    synchronized Task expire(long taskId, Actor system) {
        Task task = waiting(taskId);
        return change(task, task.withStatus(TaskStatus.EXPIRED, nextUpdate(task)), "expired", system);
    }

    synchronized List<Long> seed(List<SeedTask> seeds) {
        List<Long> ids = new ArrayList<>();
        for (SeedTask seed : seeds) {
            Instant updatedAt = seed.updatedAt() == null ? null : seed.updatedAt().truncatedTo(ChronoUnit.MILLIS);
            Instant createdAt = seed.createdAt() != null ? seed.createdAt().truncatedTo(ChronoUnit.MILLIS)
                    : updatedAt != null && updatedAt.isBefore(now()) ? updatedAt : now();
            if (updatedAt == null) {
                updatedAt = createdAt;
            }
            Task task = new Task(nextTaskId++, seed.fileName(), seed.templateId(), seed.status(), seed.metadata(),
                    consistentStages(seed), createdAt, updatedAt, false);
            tasks.put(task.taskId(), task);
            ids.add(task.taskId());
        }
        return ids;
    }

    synchronized Optional<Task> find(long taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    /** Every task, discarded ones included, by id. */
    synchronized List<Task> all() {
        return tasks.values().stream().sorted(Comparator.comparingLong(Task::taskId)).toList();
    }

    synchronized int createdThroughApi() {
        return createdThroughApi;
    }

    synchronized void resetMonthlyUsage() {
        createdThroughApi = 0;
    }

    /** Forgets every task; ids keep increasing so an old id never names a new task. */
    synchronized void clear() {
        tasks.clear();
        createdThroughApi = 0;
    }

    private Task change(Task before, Task after, String actionName, Actor actor) {
        tasks.put(before.taskId(), after);
        events.accept(new TaskEvent(after, actionName, actor, after.updatedAt()));
        return after;
    }

    private Task visible(long taskId) {
        Task task = tasks.get(taskId);
        if (task == null) {
            throw ApiError.taskNotFound(taskId);
        }
        if (task.discarded()) {
            throw ApiError.taskDeleted(taskId);
        }
        return task;
    }

    private Task waiting(long taskId) {
        Task task = tasks.get(taskId);
        if (task == null || task.discarded()) {
            throw new NoSuchElementException("no task " + taskId + (task == null ? "" : " (it was discarded)"));
        }
        if (task.status() != TaskStatus.WAITING) {
            throw new IllegalStateException("task " + taskId + " is " + task.status().wireName() + ", not waiting for signers");
        }
        return task;
    }

    private static Actor signerActor(Stage signer) {
        return new Actor(signer.email(), "203.0.113.10",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36");
    }

    /** {@code updated_at} moves forward on every change, by at least a millisecond, even within one. */
    private Instant nextUpdate(Task task) {
        Instant now = now();
        return now.isAfter(task.updatedAt()) ? now : task.updatedAt().plusMillis(1);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static List<Stage> consistentStages(SeedTask seed) {
        List<Stage> stages = new ArrayList<>(seed.stages());
        if (seed.status() == TaskStatus.COMPLETED) {
            stages.replaceAll(s -> s.withStatus(StageStatus.SIGNED));
        } else if (seed.status() == TaskStatus.DECLINED && stages.stream().noneMatch(s -> s.status() == StageStatus.DECLINED)) {
            int next = 0;
            while (next < stages.size() - 1 && stages.get(next).status() == StageStatus.SIGNED) {
                next++;
            }
            stages.set(next, stages.get(next).withStatus(StageStatus.DECLINED));
        }
        return stages;
    }
}
