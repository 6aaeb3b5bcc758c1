package dev.steward.probe;

import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.Condition;
import dev.steward.probe.condition.ConditionSyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Monitors for runner tests, written the way a catalog declares them. */
final class Monitors {

    private Monitors() {}

    static Monitor monitor(ProbeSpec probe, Duration timeout, List<String> conditions, List<String> warn) {
        return new Monitor(
                new MonitorKey("booky-api", probe.type()),
                "",
                Duration.ofSeconds(30),
                timeout,
                true,
                probe,
                conditions.stream().map(Monitors::condition).toList(),
                warn.stream().map(Monitors::condition).toList(),
                Optional.empty(),
                "steward.yml:1:1");
    }

    static Monitor monitor(ProbeSpec probe, List<String> conditions) {
        return monitor(probe, Duration.ofSeconds(5), conditions, List.of());
    }

    static Condition condition(String text) {
        try {
            return Condition.parse(text);
        } catch (ConditionSyntaxException e) {
            throw new IllegalArgumentException(text + ": " + e.getMessage(), e);
        }
    }
}
