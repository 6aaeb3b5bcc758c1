package dev.steward.cli;

import dev.steward.catalog.CatalogLoad;
import dev.steward.catalog.CatalogProblem;
import dev.steward.catalog.CatalogReader;
import dev.steward.catalog.Monitor;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.ProbeRunner;
import dev.steward.probe.Status;
import dev.steward.probe.condition.ConditionOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Run every enabled monitor of the catalog once, at the same time, and print a table of the results.",
            "Exit status 0 when every monitor passes (up, or degraded by a warn condition), 1 when one is down, 2 when"
                    + " the catalog cannot be read: usable as the smoke test after a deploy."
        })
final class CheckCommand implements Callable<Integer> {

    /** How much longer than its timeout a probe may take before it is reported as timed out. */
    private static final Duration GRACE = Duration.ofMillis(500);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "The catalog file (default: $STEWARD_CONFIG, else ./steward.yml).")
    @Nullable
    Path file;

    @Option(
            names = "--service",
            paramLabel = "NAME",
            description = "Only the monitors of this service (repeat for several).")
    List<String> services = new ArrayList<>();

    @Option(names = "--json", description = "Print the results as JSON instead of a table.")
    boolean json;

    CheckCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path catalogFile = file != null ? file : CatalogFiles.configured(environment);
        String source = CatalogReader.displayName(catalogFile);
        byte[] content;
        try {
            content = Files.readAllBytes(catalogFile);
        } catch (NoSuchFileException e) {
            err.println(source + ": no such file (name the catalog with -c FILE or STEWARD_CONFIG)");
            return 2;
        } catch (IOException e) {
            err.println(source + ": cannot be read: " + e.getMessage());
            return 2;
        }
        List<Monitor> monitors;
        switch (CatalogReader.read(source, content, environment)) {
            case CatalogLoad.Rejected rejected -> {
                rejected.errors().forEach(problem -> err.println(problem));
                err.println(source + ": " + rejected.errors().size() + " error"
                        + (rejected.errors().size() == 1 ? "" : "s") + "; nothing was checked");
                return 2;
            }
            case CatalogLoad.Loaded loaded -> {
                for (String service : services) {
                    if (loaded.catalog().service(service).isEmpty()) {
                        err.println("--service " + service + ": no such service in " + source + " (it has: "
                                + String.join(", ", loaded.catalog().services().keySet()) + ")");
                        return 2;
                    }
                }
                monitors = loaded.catalog().monitors().stream()
                        .filter(Monitor::enabled)
                        .filter(monitor -> monitor.probe().probed()) // heartbeats wait for pings
                        .filter(monitor -> services.isEmpty()
                                || services.contains(monitor.key().service()))
                        .toList();
                loaded.warnings().stream()
                        .filter(problem -> problem.severity() == CatalogProblem.Severity.WARNING)
                        .forEach(problem -> err.println(problem));
            }
        }
        if (monitors.isEmpty()) {
            err.println(source + ": no enabled monitors to check");
            return 2;
        }
        List<ProbeResult> results = runAll(monitors);
        boolean passed = results.stream().allMatch(result -> result.status() != Status.DOWN);
        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(asJson(monitors, results, passed)));
        } else {
            printTable(out, results);
            long down = results.stream()
                    .filter(result -> result.status() == Status.DOWN)
                    .count();
            out.println();
            out.println(
                    down == 0
                            ? results.size() + " monitor" + (results.size() == 1 ? "" : "s") + " passed"
                            : down + " of " + results.size() + " monitors down");
        }
        return passed ? 0 : 1;
    }

    private static List<ProbeResult> runAll(List<Monitor> monitors) {
        Clock clock = Clock.systemUTC();
        try (ProbeRunner runner = new ProbeRunner(clock);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Instant now = clock.instant();
            List<CompletableFuture<ProbeResult>> running = new ArrayList<>();
            for (Monitor monitor : monitors) {
                running.add(CompletableFuture.supplyAsync(() -> runner.run(monitor, now), threads)
                        .completeOnTimeout(
                                ProbeResult.timedOut(monitor.key(), now, monitor.timeout()),
                                monitor.timeout().plus(GRACE).toMillis(),
                                TimeUnit.MILLISECONDS));
            }
            List<ProbeResult> results =
                    running.stream().map(CompletableFuture::join).toList();
            threads.shutdownNow(); // probes past their deadline are abandoned, not awaited
            return results;
        }
    }

    private static void printTable(PrintWriter out, List<ProbeResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "MONITOR", "STATUS", "LATENCY", "MESSAGE"});
        for (ProbeResult result : results) {
            rows.add(new String[] {
                result.monitor().service(),
                result.monitor().monitor(),
                result.status() == Status.DOWN ? "DOWN" : result.status() == Status.DEGRADED ? "degraded" : "ok",
                result.latency().toMillis() + " ms",
                result.message()
                        + result.error().map(code -> " (" + code.code() + ")").orElse("")
            });
        }
        TextTable.print(out, rows, 3);
    }

    private static ObjectNode asJson(List<Monitor> monitors, List<ProbeResult> results, boolean passed) {
        Map<Object, Monitor> byKey = new LinkedHashMap<>();
        monitors.forEach(monitor -> byKey.put(monitor.key(), monitor));
        ObjectNode root = JSON.createObjectNode();
        root.put("passed", passed);
        ArrayNode array = root.putArray("results");
        for (ProbeResult result : results) {
            Monitor monitor = byKey.get(result.monitor());
            ObjectNode node = array.addObject();
            node.put("service", result.monitor().service());
            node.put("monitor", result.monitor().monitor());
            node.put("type", monitor.probe().type());
            node.put("target", monitor.probe().target());
            node.put("status", result.status().code());
            node.put("latencyMs", result.latency().toMillis());
            node.put("message", result.message());
            if (result.error().isPresent()) {
                node.put("error", result.error().get().code());
            } else {
                node.putNull("error");
            }
            ArrayNode failures = node.putArray("failures");
            for (ConditionOutcome failure : result.failures()) {
                failures.addObject().put("condition", failure.condition()).put("resolved", failure.resolved());
            }
            result.certificateExpiresAt().ifPresent(at -> node.put("certificateExpiresAt", at.toString()));
        }
        return root;
    }
}
