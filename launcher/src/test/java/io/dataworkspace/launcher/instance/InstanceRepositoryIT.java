package io.dataworkspace.launcher.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.instance.InstanceRepository.Enqueued;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.launcher.tool.ToolCatalogFile;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.launcher.user.UserRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InstanceRepositoryIT {
    private static Database database;
    private static InstanceRepository instances;
    private static UserRepository users;

    @BeforeAll
    static void connect() {
        database = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 50);
        instances = new InstanceRepository(database.jdbc(), Duration.ofSeconds(30));
        users = new UserRepository(database.jdbc());
        ToolRepository tools = new ToolRepository(database.jdbc());
        ToolCatalogFile.builtIn().forEach(tools::upsert);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static User newUser() {
        return users.create(UUID.randomUUID() + "@example.test", "Test User", null, false);
    }

    @Test
    void shouldWalkTheWholeLifecycleWithGuardedTransitions() {
        User user = newUser();
        Instance queued = instances.enqueue(HostNames.toolHost("jupyter", user.id()), user.id(), "jupyter", "local")
                .instance();
        assertThat(queued.phase()).isEqualTo(Phase.QUEUED);

        Instance starting = claim(queued.id());
        assertThat(starting.phase()).isEqualTo(Phase.STARTING);
        assertThat(starting.startedAt()).isNotNull();

        Endpoint endpoint = new Endpoint("127.0.0.1", 4321);
        Instance running = instances.transition(queued.id(), Phase.STARTING, new InstanceState.Running(endpoint), null)
                .orElseThrow();
        assertThat(running.endpoint()).contains(endpoint);
        assertThat(running.runningAt()).isNotNull();

        // a second worker acting on a stale view is refused by the guard
        assertThat(instances.transition(queued.id(), Phase.STARTING, new InstanceState.Failed("late"), null)).isEmpty();

        Instance stopping = instances.transition(queued.id(), Phase.RUNNING, new InstanceState.Stopping("user"), "me")
                .orElseThrow();
        assertThat(stopping.state()).isEqualTo(new InstanceState.Stopping("user"));
        Instance stopped = instances.transition(queued.id(), Phase.STOPPING, new InstanceState.Stopped(), null)
                .orElseThrow();
        assertThat(stopped.phase()).isEqualTo(Phase.STOPPED);
        assertThat(stopped.endedAt()).isNotNull();
    }

    @Test
    void shouldRefuseIllegalTransitions() {
        User user = newUser();
        Instance queued = instances.enqueue("jupyter-" + user.id(), user.id(), "jupyter", "local").instance();
        assertThatThrownBy(() -> instances.transition(queued.id(), Phase.QUEUED,
                new InstanceState.Running(new Endpoint("127.0.0.1", 1)), null))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("illegal instance transition QUEUED → RUNNING");
        assertThatThrownBy(() -> instances.transition(queued.id(), Phase.STOPPED, new InstanceState.Queued(), null))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> instances.transition(queued.id(), Phase.FAILED, new InstanceState.Starting(), null))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(instances.find(queued.id()).orElseThrow().phase()).isEqualTo(Phase.QUEUED);
    }

    @Test
    void shouldCreateExactlyOneInstanceForAHundredConcurrentRequests() throws Exception {
        User user = newUser();
        String host = HostNames.toolHost("jupyter", user.id());
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Enqueued>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return instances.enqueue(host, user.id(), "jupyter", "local");
            }));
        }
        go.countDown();
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        int created = 0;
        for (Future<Enqueued> f : results) {
            Enqueued e = f.get();
            ids.add(e.instance().id());
            created += e.created() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(created).isEqualTo(1);
        assertThat(instances.list(user.id(), false, 100)).hasSize(1);
    }

    @Test
    void shouldAllowANewInstanceOnceThePreviousOneEnded() {
        User user = newUser();
        String host = "jupyter-" + user.id();
        Instance first = instances.enqueue(host, user.id(), "jupyter", "local").instance();
        instances.transition(first.id(), Phase.QUEUED, new InstanceState.Failed("test"), null).orElseThrow();
        Enqueued second = instances.enqueue(host, user.id(), "jupyter", "local");
        assertThat(second.created()).isTrue();
        assertThat(second.instance().id()).isNotEqualTo(first.id());
    }

    @Test
    void shouldHandEachQueuedInstanceToExactlyOneOfManyConcurrentWorkers() throws Exception {
        List<UUID> queued = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            User user = newUser();
            queued.add(instances.enqueue("jupyter-" + user.id(), user.id(), "jupyter", "local").instance().id());
        }
        List<UUID> claimed = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String owner = "worker-" + w;
            workers.add(pool.submit(() -> {
                Optional<Instance> next;
                while ((next = instances.claimNext(owner)).isPresent()) {
                    claimed.add(next.get().id());
                }
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        assertThat(claimed).doesNotHaveDuplicates().containsAll(queued);
    }

    @Test
    void shouldPublishStateChangesAndProgressToListeners() {
        List<InstanceChange> seen = new CopyOnWriteArrayList<>();
        try (InstanceChangeFeed feed = new InstanceChangeFeed(database::openDedicatedConnection)) {
            feed.subscribe(seen::add);
            feed.start(Duration.ofSeconds(10));
            assertThat(feed.isListening()).isTrue();

            User user = newUser();
            Instance instance = instances.enqueue("jupyter-" + user.id(), user.id(), "jupyter", "local").instance();
            claim(instance.id());
            instances.addProgress(instance, "Pulling image");
            instances.transition(instance.id(), Phase.STARTING,
                    new InstanceState.Running(new Endpoint("10.0.0.7", 8888)), null);

            Poll.until(Duration.ofSeconds(10), "the RUNNING notification",
                    () -> seen.stream().anyMatch(c -> c.instanceId().equals(instance.id())
                            && c.phase() == Phase.RUNNING));
            List<InstanceChange> mine = seen.stream().filter(c -> c.instanceId().equals(instance.id())).toList();
            assertThat(mine).extracting(c -> c.message().orElse(c.phase().name()))
                    .containsSubsequence("Queued", "STARTING", "Pulling image", "RUNNING");
            InstanceChange running = mine.get(mine.size() - 1);
            assertThat(running.host()).isEqualTo("jupyter-" + user.id());
            assertThat(running.endpoint()).contains(new Endpoint("10.0.0.7", 8888));
        }
    }

    @Test
    void shouldStoreProgressInOrder() {
        User user = newUser();
        Instance instance = instances.enqueue("jupyter-" + user.id(), user.id(), "jupyter", "local").instance();
        instances.addProgress(instance, "Provisioning");
        instances.addProgress(instance, "Ready");
        assertThat(instances.progress(instance.id())).extracting(Progress::message)
                .containsExactly("Queued", "Provisioning", "Ready");
    }

    @Test
    void shouldOnlyMoveActivityForward() {
        User user = newUser();
        Instance instance = instances.enqueue("jupyter-" + user.id(), user.id(), "jupyter", "local").instance();
        java.time.Instant later = java.time.Instant.parse("2030-01-01T00:00:00Z");
        instances.recordActivity(new UUID[] {instance.id()}, new java.time.Instant[] {later});
        instances.recordActivity(new UUID[] {instance.id()},
                new java.time.Instant[] {java.time.Instant.parse("2029-01-01T00:00:00Z")});
        assertThat(instances.find(instance.id()).orElseThrow().lastActivityAt()).isEqualTo(later);
    }

    /** Claims the given instance (other tests' queued instances may be claimed along the way, and are left). */
    private static Instance claim(UUID id) {
        return Poll.until(Duration.ofSeconds(5), "claiming " + id, () -> {
            Optional<Instance> next = instances.claimNext("test");
            if (next.isEmpty()) {
                throw new AssertionError("queue empty before " + id + " was claimed");
            }
            return next.filter(i -> i.id().equals(id));
        });
    }
}
