package dev.steward.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of checking one dependency, as shown under {@code checks} in {@code /health}.
 *
 * @param error what failed, naming the dependency (e.g. "Database connection failed")
 * @param reason a short cause that reveals no address or credential (e.g. "connection refused")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(
        boolean ok,
        double latencyMs,
        @Nullable String error,
        @Nullable String reason) {

    static CheckResult passed(double latencyMs) {
        return new CheckResult(true, latencyMs, null, null);
    }

    static CheckResult failed(double latencyMs, String error, String reason) {
        return new CheckResult(false, latencyMs, error, reason);
    }
}
