package dev.steward.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Steward's own liveness, readiness and deep health endpoints, in the shapes our users' backends expose (so the same
 * monitors and {@code steward healthcheck} work on both).
 */
@RestController
class OpsController {

    private final DependencyChecks checks;
    private final ApplicationAvailability availability;
    private final GracefulShutdown shutdown;
    private final Clock clock;
    private final String version;

    OpsController(
            DependencyChecks checks,
            ApplicationAvailability availability,
            GracefulShutdown shutdown,
            Clock clock,
            Optional<BuildProperties> build) {
        this.checks = checks;
        this.availability = availability;
        this.shutdown = shutdown;
        this.clock = clock;
        this.version = build.map(BuildProperties::getVersion).orElse("unknown");
    }

    /** Liveness: the process answers. Touches no dependency, so a database outage never gets Steward restarted. */
    @GetMapping("/healthz")
    Liveness live() {
        return new Liveness("ok", "steward");
    }

    /** Readiness: whether to send traffic here. 503 while starting, shutting down, or when a dependency is down. */
    @GetMapping({"/readyz", "/ready"})
    ResponseEntity<Readiness> ready() {
        if (shutdown.shuttingDown()) {
            return notReady("Shutting down");
        }
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return notReady("Starting up");
        }
        List<String> errors = checks.runAll().values().stream()
                .filter(result -> !result.ok())
                .map(CheckResult::error)
                .toList();
        if (!errors.isEmpty()) {
            return notReady(String.join("; ", errors));
        }
        return ResponseEntity.ok(new Readiness("ready", null));
    }

    /** Deep health: every dependency with its latency, plus uptime and version. 503 "degraded" when one is down. */
    @GetMapping({"/health", "/api/health"})
    ResponseEntity<HealthReport> health() {
        Map<String, CheckResult> results = checks.runAll();
        boolean ok = results.values().stream().allMatch(CheckResult::ok);
        double uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        HealthReport report = new HealthReport(ok ? "ok" : "degraded", results, clock.instant(), uptime, version);
        return ResponseEntity.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(report);
    }

    private static ResponseEntity<Readiness> notReady(String error) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Readiness("not_ready", Map.of("error", error)));
    }

    record Liveness(String status, String service) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Readiness(String status, @Nullable Map<String, String> details) {}

    record HealthReport(
            String status, Map<String, CheckResult> checks, Instant timestamp, double uptime, String version) {}
}
