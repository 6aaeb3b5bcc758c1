package dev.steward.result;

import static dev.steward.result.Results.down;
import static dev.steward.result.Results.up;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import dev.steward.probe.condition.ConditionOutcome;
import dev.steward.testing.MutableClock;
import dev.steward.testing.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Results go in without waiting, reach the database in batches, and survive outages and a full buffer as documented. */
class ResultStoreIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static ResultsDatabase database;

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));
    private final List<Instant> writtenFrom = new ArrayList<>();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private ResultStore store;
    private MonitorStatistics statistics;

    @BeforeAll
    static void migrate() {
        database = new ResultsDatabase(postgres);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void emptyTheDatabase() {
        database.empty();
        store = newStore(ResultStore.DEFAULT_CAPACITY);
        statistics = new MonitorStatistics(database.dataSource, clock, Duration.ofDays(30), Duration.ofDays(365));
        events.start();
        ((Logger) LoggerFactory.getLogger(ResultStore.class)).addAppender(events);
    }

    @AfterEach
    void stopTheStore() {
        store.stop();
        ((Logger) LoggerFactory.getLogger(ResultStore.class)).detachAppender(events);
        postgres.start();
    }

    private ResultStore newStore(int capacity) {
        return new ResultStore(
                new ResultBatchWriter(database.dataSource),
                earliest -> {
                    synchronized (writtenFrom) {
                        writtenFrom.add(earliest);
                    }
                },
                capacity,
                meters);
    }

    @Test
    void writesEveryFieldOfAResultAndReadsItBack() {
        MonitorKey key = MonitorKey.parse("shop/checkout");
        ProbeResult result = new ProbeResult(
                key,
                Instant.parse("2026-11-23T10:00:00.000100Z"),
                Instant.parse("2026-11-23T10:00:00.001600123Z"),
                Duration.ofNanos(123_456_789),
                Status.DOWN,
                "HTTP 503",
                Optional.of(ErrorCode.STATUS_MISMATCH),
                List.of(
                        new ConditionOutcome("[STATUS] == 200", false, "[STATUS] (503) == 200"),
                        new ConditionOutcome("[BODY].ok == true", false, "[BODY].ok (\"tab\there\") == true")),
                Optional.of(Instant.parse("2027-01-31T12:00:00Z")));
        store.start();

        store.submit(result);
        store.submit(up("shop/checkout", Instant.parse("2026-11-23T10:00:10Z"), Duration.ofMillis(40)));
        assertThat(store.flush()).isTrue();

        List<StoredResult> stored = statistics.recentResults(key, 10);
        assertThat(stored).hasSize(2);
        assertThat(stored.get(1))
                .isEqualTo(new StoredResult(
                        key,
                        Instant.parse("2026-11-23T10:00:00.000100Z"),
                        Instant.parse("2026-11-23T10:00:00.001600Z"),
                        Duration.ofNanos(123_456_000),
                        Status.DOWN,
                        Optional.of("HTTP 503"),
                        Optional.of(ErrorCode.STATUS_MISMATCH),
                        result.failures(),
                        Optional.of(Instant.parse("2027-01-31T12:00:00Z"))));
        assertThat(stored.get(0).message())
                .as("an up result's message is kept in the monitor's state only")
                .isEmpty();
        assertThat(stored.get(0).failures()).isEmpty();
        assertThat(database.count("select count(*) from monitor_result where failures is null and message is null"))
                .isEqualTo(1);
        assertThat(meters.counter("steward.results.written").count()).isEqualTo(2);
    }

    @Test
    void keepsEachMonitorsCurrentStatusWithTheStartAndLengthOfItsRun() {
        store.start();
        store.submit(up("shop/api", T0, Duration.ofMillis(10)));
        store.submit(down("shop/api", T0.plusSeconds(10), Duration.ofMillis(1)));
        store.flush();
        store.submit(down("shop/api", T0.plusSeconds(20), Duration.ofMillis(2)));
        store.flush();
        store.submit(down("shop/api", T0.plusSeconds(30), Duration.ofMillis(3)));
        store.submit(up("shop/web", T0.plusSeconds(30), Duration.ofMillis(30)));
        store.flush();

        MonitorState api = statistics.currentState(MonitorKey.parse("shop/api")).orElseThrow();
        assertThat(api.status()).isEqualTo(Status.DOWN);
        assertThat(api.since()).as("the first of the down results").isEqualTo(T0.plusSeconds(10));
        assertThat(api.consecutive()).isEqualTo(3);
        assertThat(api.lastStartedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(api.lastLatency()).isEqualTo(Duration.ofMillis(3));
        assertThat(api.lastMessage()).isEqualTo("connection refused");
        assertThat(api.lastError()).contains(ErrorCode.CONNECTION_REFUSED);

        store.submit(up("shop/api", T0.plusSeconds(40), Duration.ofMillis(12)));
        store.submit(up("shop/api", T0.plusSeconds(50), Duration.ofMillis(11)));
        store.flush();

        api = statistics.currentState(MonitorKey.parse("shop/api")).orElseThrow();
        assertThat(api.status()).isEqualTo(Status.UP);
        assertThat(api.since()).isEqualTo(T0.plusSeconds(40));
        assertThat(api.consecutive()).isEqualTo(2);
        assertThat(api.lastMessage()).as("kept for up results too").isEqualTo("HTTP 200");
        assertThat(api.lastError()).isEmpty();
        assertThat(statistics.currentStates())
                .extracting(state -> state.monitor().toString(), MonitorState::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("shop/api", Status.UP),
                        org.assertj.core.groups.Tuple.tuple("shop/web", Status.UP));
    }

    @Test
    void aLateResultDoesNotChangeTheCurrentState() {
        store.start();
        store.submit(down("shop/api", T0.plusSeconds(20), Duration.ofMillis(1)));
        store.flush();
        store.submit(up("shop/api", T0.plusSeconds(10), Duration.ofMillis(1)));
        store.flush();

        MonitorState api = statistics.currentState(MonitorKey.parse("shop/api")).orElseThrow();
        assertThat(api.status()).isEqualTo(Status.DOWN);
        assertThat(api.lastStartedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(statistics.recentResults(MonitorKey.parse("shop/api"), 10))
                .as("the late result itself is stored")
                .hasSize(2);
    }

    @Test
    void writesWhatIsWaitingInBatchesOfAtMostTwoThousand() {
        IntStream.range(0, 4_500)
                .forEach(i -> store.submit(up("load/m" + (i % 1_000), T0.plusMillis(i), Duration.ofMillis(5))));

        store.start();
        assertThat(store.flush()).isTrue();

        assertThat(database.count("select count(*) from monitor_result")).isEqualTo(4_500);
        assertThat(database.count("select count(*) from monitor")).isEqualTo(1_000);
        assertThat(meters.timer("steward.results.write.batch").count()).isEqualTo(3);
        assertThat(meters.counter("steward.results.written").count()).isEqualTo(4_500);
        assertThat(store.buffered()).isZero();
    }

    @Test
    void keepsResultsThroughADatabaseOutageAndWritesThemWhenItReturns() {
        store.start();
        store.submit(up("shop/api", T0, Duration.ofMillis(5)));
        assertThat(store.flush()).isTrue();

        postgres.stop();
        IntStream.range(1, 101).forEach(i -> store.submit(up("shop/api", T0.plusSeconds(i), Duration.ofMillis(5))));
        assertThat(store.flush(Duration.ofSeconds(2)))
                .as("nothing can be written while the database is down")
                .isFalse();
        assertThat(store.buffered()).isEqualTo(100);
        postgres.start();

        assertThat(store.flush()).isTrue();
        assertThat(database.count("select count(*) from monitor_result")).isEqualTo(101);
        assertThat(meters.find("steward.results.dropped").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(events("results_write_failed")).as("once per outage").hasSize(1);
        assertThat(events("results_write_recovered")).hasSize(1);
    }

    @Test
    void dropsTheOldestResultsWhenTheBufferIsFullAndCountsThem() {
        store = newStore(10);
        IntStream.range(0, 15).forEach(i -> store.submit(up("shop/api", T0.plusSeconds(i), Duration.ofMillis(5))));

        assertThat(store.buffered()).isEqualTo(10);
        assertThat(meters.counter("steward.results.dropped", "reason", "overflow")
                        .count())
                .isEqualTo(5);
        assertThat(events("results_dropped"))
                .as("one warning, not one per result")
                .hasSize(1);

        store.start();
        assertThat(store.flush()).isTrue();
        assertThat(statistics.recentResults(MonitorKey.parse("shop/api"), 100))
                .extracting(StoredResult::startedAt)
                .as("the newest ten")
                .containsExactlyElementsOf(IntStream.range(5, 15)
                        .mapToObj(i -> T0.plusSeconds(14 - (i - 5)))
                        .toList());
    }

    @Test
    void aResultTheDatabaseRefusesIsDroppedAloneAndTheOthersAreWritten() {
        store.submit(up("shop/api", T0, Duration.ofMillis(5)));
        store.submit(up("shop/bad\0name", T0, Duration.ofMillis(5)));
        store.submit(up("shop/web", T0, Duration.ofMillis(5)));

        store.start();
        assertThat(store.flush()).isTrue();

        assertThat(database.count("select count(*) from monitor_result")).isEqualTo(2);
        assertThat(meters.counter("steward.results.dropped", "reason", "rejected")
                        .count())
                .isEqualTo(1);
        assertThat(events("results_rejected")).hasSize(1);
    }

    @Test
    void stoppingWritesWhatIsStillBuffered() {
        store.start();
        IntStream.range(0, 50).forEach(i -> store.submit(up("shop/api", T0.plusSeconds(i), Duration.ofMillis(5))));

        store.stop();

        assertThat(database.count("select count(*) from monitor_result")).isEqualTo(50);
        assertThat(store.isRunning()).isFalse();
    }

    @Test
    void tellsWhatWasWrittenSoThatRollupsCanCatchUp() {
        store.start();
        store.submit(up("shop/api", T0.plusSeconds(30), Duration.ofMillis(5)));
        store.submit(up("shop/api", T0.plusSeconds(10), Duration.ofMillis(5)));
        store.flush();

        assertThat(writtenFrom).containsExactly(T0.plusSeconds(10));
    }

    private List<ILoggingEvent> events(String name) {
        return events.list.stream()
                .filter(event -> event.getKeyValuePairs() != null
                        && event.getKeyValuePairs().stream()
                                .anyMatch(pair -> pair.key.equals("event") && pair.value.equals(name)))
                .toList();
    }
}
