package dev.steward.ops;

import dev.steward.catalog.CatalogProblem;
import dev.steward.catalog.InvalidCatalogException;
import dev.steward.config.InvalidSettingsException;
import dev.steward.config.SettingProblem;
import dev.steward.database.DatabaseConnectionException;
import dev.steward.database.DatabaseStartupException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;

/**
 * Writes the single FATAL log line for a failed start: a stable {@code code}, a message that says what to do, and for
 * configuration problems the whole list. It replaces Spring Boot's multi-line failure report.
 *
 * <p>Codes: {@code config_invalid}, {@code catalog_invalid}, {@code database_connection_failed}, {@code database_authentication_failed},
 * {@code database_not_found}, {@code database_migration_failed}, {@code embedded_database_failed},
 * {@code port_in_use}, {@code startup_failed}.
 */
public class StartupFailureReporter implements SpringBootExceptionReporter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(StartupFailureReporter.class);

    /** Every code a start-up failure can carry; each is documented in the README and the runbook. */
    public static final List<String> CODES = List.of(
            "config_invalid",
            "catalog_invalid",
            "database_connection_failed",
            "database_authentication_failed",
            "database_not_found",
            "database_migration_failed",
            "embedded_database_failed",
            "port_in_use",
            "startup_failed");

    @Override
    public boolean reportException(Throwable failure) {
        StartupFailure classified = classify(failure);
        LoggingEventBuilder event = log.atError()
                .addMarker(StewardLogFormat.FATAL)
                .addKeyValue("event", "startup_failed")
                .addKeyValue("code", classified.code());
        if (failure instanceof InvalidSettingsException invalid) {
            event = event.addKeyValue(
                    "problems",
                    invalid.problems().stream().map(SettingProblem::message).toList());
        }
        if (find(failure, InvalidCatalogException.class) instanceof InvalidCatalogException catalog) {
            event = event.addKeyValue(
                    "problems",
                    catalog.problems().stream().map(CatalogProblem::toString).toList());
        }
        if (classified.code().equals("startup_failed")) {
            event = event.setCause(failure);
        } else {
            event = event.addKeyValue(
                    "cause", NestedExceptionUtils.getMostSpecificCause(failure).toString());
        }
        event.log(classified.message());
        return true;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** A start-up failure as users should read it. */
    record StartupFailure(String code, String message) {}

    static StartupFailure classify(Throwable failure) {
        if (find(failure, InvalidSettingsException.class) instanceof InvalidSettingsException invalid) {
            return new StartupFailure(
                    "config_invalid",
                    "Steward cannot start: " + invalid.getMessage() + ". Fix the environment and start again;"
                            + " `steward config check` lists the same problems.");
        }
        if (find(failure, InvalidCatalogException.class) instanceof InvalidCatalogException catalog) {
            return new StartupFailure(
                    "catalog_invalid",
                    "Steward cannot start: " + catalog.getMessage() + ". Fix the file and start again;"
                            + " `steward config validate` lists the same problems.");
        }
        if (find(failure, DatabaseStartupException.class) instanceof DatabaseStartupException embedded) {
            return new StartupFailure("embedded_database_failed", embedded.getMessage());
        }
        if (find(failure, PortInUseException.class) instanceof PortInUseException port) {
            return new StartupFailure(
                    "port_in_use",
                    "Port " + port.getPort() + " is already in use. Stop the process that holds it or set PORT to"
                            + " a free port.");
        }
        if (find(failure, SQLException.class) instanceof SQLException sql) {
            String state = deepestSqlState(failure);
            String target = find(failure, DatabaseConnectionException.class) instanceof DatabaseConnectionException c
                    ? " at " + c.target()
                    : "";
            if ("28P01".equals(state) || "28000".equals(state)) {
                return new StartupFailure(
                        "database_authentication_failed",
                        "The database" + target + " rejected Steward's login (" + deepestSqlMessage(failure)
                                + "). Check the user name and password in DATABASE_URL.");
            }
            if ("3D000".equals(state)) {
                return new StartupFailure(
                        "database_not_found",
                        "The database named in DATABASE_URL does not exist (" + deepestSqlMessage(failure)
                                + "). Create it (createdb) or fix the name.");
            }
            if (state == null
                    || state.startsWith("08")
                    || find(failure, ConnectException.class) != null
                    || find(failure, UnknownHostException.class) != null) {
                Throwable network = find(failure, ConnectException.class) != null
                        ? find(failure, ConnectException.class)
                        : find(failure, UnknownHostException.class);
                String why = network != null && network.getMessage() != null
                        ? (network instanceof UnknownHostException ? "unknown host " : "") + network.getMessage()
                        : deepestSqlMessage(failure);
                return new StartupFailure(
                        "database_connection_failed",
                        "Cannot connect to the database" + target + " (" + why + "). Check DATABASE_URL and that"
                                + " PostgreSQL is running and reachable from this host.");
            }
        }
        if (find(failure, FlywayException.class) instanceof FlywayException migration) {
            String first = String.valueOf(migration.getMessage())
                    .strip()
                    .lines()
                    .findFirst()
                    .orElse("");
            return new StartupFailure(
                    "database_migration_failed",
                    "Migrating Steward's database failed: "
                            + sentence(stripPeriod(first)
                                    + (find(failure, SQLException.class) != null
                                            ? " (" + deepestSqlMessage(failure) + ")"
                                            : ""))
                            + " Run `steward db status` to see the"
                            + " migrations, and see docs/RUNBOOK.md, \"Migrations\".");
        }
        return new StartupFailure(
                "startup_failed", "Steward could not start: " + NestedExceptionUtils.getMostSpecificCause(failure));
    }

    private static @Nullable Throwable find(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static String deepestSqlMessage(Throwable failure) {
        String message = "no detail";
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getMessage() != null) {
                message = sql.getMessage().strip();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private static @Nullable String deepestSqlState(Throwable failure) {
        String state = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return state;
    }

    private static String stripPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** The message as a sentence, so that the advice after it reads as its own sentence. */
    private static String sentence(String message) {
        return message.endsWith(".") || message.endsWith("!") || message.endsWith("?") ? message : message + ".";
    }
}
