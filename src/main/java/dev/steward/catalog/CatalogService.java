package dev.steward.catalog;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Holds the catalog Steward runs and replaces it when the file changes: a valid file is swapped in whole and announced
 * with {@link CatalogChanged}; an invalid one changes nothing, and its errors are logged and kept for
 * {@link #status()}.
 */
public final class CatalogService {

    private static final Logger log = LoggerFactory.getLogger(CatalogService.class);

    private final Path file;
    private final String source;
    private final boolean fileRequired;
    private final Map<String, String> environment;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AtomicReference<State> state;

    /** The running catalog and what {@link #status()} reports about it; replaced whole, never changed. */
    private record State(
            Catalog catalog,
            Instant loadedAt,
            Optional<String> checksum,
            List<CatalogProblem> warnings,
            Optional<CatalogStatus.RejectedAttempt> lastRejected,
            Optional<String> lastAttemptedChecksum) {}

    /** One reading of the file: the outcome, and the checksum of the bytes read (empty when there were none). */
    private record Reading(CatalogLoad load, Optional<String> checksum) {}

    /**
     * Reads the file for the first time.
     *
     * @param fileRequired whether the path was chosen explicitly (then a missing file is an error, not an empty
     *     catalog)
     * @throws InvalidCatalogException when the file is invalid, or missing while required
     */
    CatalogService(
            Path file,
            boolean fileRequired,
            Map<String, String> environment,
            Clock clock,
            ApplicationEventPublisher events) {
        this.file = file;
        this.source = CatalogReader.displayName(file);
        this.fileRequired = fileRequired;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.events = events;
        Reading reading = read();
        switch (reading.load()) {
            case CatalogLoad.Rejected rejected -> {
                logWarnings(rejected.warnings());
                throw new InvalidCatalogException(source, rejected.errors());
            }
            case CatalogLoad.Loaded loaded -> {
                this.state = new AtomicReference<>(new State(
                        loaded.catalog(),
                        clock.instant(),
                        reading.checksum(),
                        loaded.warnings(),
                        Optional.empty(),
                        reading.checksum()));
                logLoaded(loaded, reading.checksum());
            }
        }
    }

    /** The catalog Steward runs now. */
    public Catalog current() {
        return state.get().catalog();
    }

    /**
     * Reads the file again. A valid file replaces the running catalog and is announced with {@link CatalogChanged}; an
     * invalid one leaves it running, and its errors are logged and shown by {@link #status()}.
     */
    public synchronized CatalogLoad reload() {
        Reading reading = read();
        Instant now = clock.instant();
        switch (reading.load()) {
            case CatalogLoad.Loaded loaded -> {
                State previous = state.getAndSet(new State(
                        loaded.catalog(),
                        now,
                        reading.checksum(),
                        loaded.warnings(),
                        Optional.empty(),
                        reading.checksum()));
                logLoaded(loaded, reading.checksum());
                events.publishEvent(new CatalogChanged(previous.catalog(), loaded.catalog()));
            }
            case CatalogLoad.Rejected rejected -> {
                state.updateAndGet(current -> new State(
                        current.catalog(),
                        current.loadedAt(),
                        current.checksum(),
                        current.warnings(),
                        Optional.of(new CatalogStatus.RejectedAttempt(now, rejected.errors())),
                        reading.checksum()));
                log.atWarn()
                        .addKeyValue("event", "catalog_rejected")
                        .addKeyValue("file", source)
                        .addKeyValue("errors", rejected.errors().size())
                        .log(
                                "The catalog file {} has {} {}; the catalog loaded before keeps running",
                                source,
                                rejected.errors().size(),
                                rejected.errors().size() == 1 ? "error" : "errors");
                for (CatalogProblem error : rejected.errors()) {
                    log.atWarn()
                            .addKeyValue("event", "catalog_error")
                            .addKeyValue("file", source)
                            .addKeyValue("line", error.line())
                            .addKeyValue("path", error.path())
                            .log(error.toString());
                }
                logWarnings(rejected.warnings());
            }
        }
        return reading.load();
    }

    /** The running catalog's source, age, size and warnings, and the last rejected attempt since. */
    public CatalogStatus status() {
        State current = state.get();
        return new CatalogStatus(
                file.toString(),
                current.loadedAt(),
                current.catalog().services().size(),
                current.catalog().monitors().size(),
                current.checksum(),
                current.lastRejected(),
                current.warnings());
    }

    /** The file this service reads. */
    Path file() {
        return file;
    }

    /** The checksum of the file as last read, valid or not, so the watcher reloads each change once. */
    Optional<String> lastAttemptedChecksum() {
        return state.get().lastAttemptedChecksum();
    }

    private Reading read() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Reading(missing(), Optional.empty());
        } catch (IOException e) {
            String reason = e instanceof AccessDeniedException ? "permission denied" : e.toString();
            return new Reading(fileError("cannot be read (" + reason + ")"), Optional.empty());
        }
        return new Reading(CatalogReader.read(source, content, environment), Optional.of(checksum(content)));
    }

    private CatalogLoad missing() {
        if (fileRequired) {
            return fileError("does not exist; create it, or point STEWARD_CONFIG at the catalog file");
        }
        CatalogProblem warning = new CatalogProblem(
                source,
                0,
                0,
                "",
                "does not exist, so Steward monitors nothing; create it to add services and monitors",
                CatalogProblem.Severity.WARNING);
        return new CatalogLoad.Loaded(Catalog.empty(source), List.of(warning));
    }

    private CatalogLoad.Rejected fileError(String message) {
        return new CatalogLoad.Rejected(
                List.of(new CatalogProblem(source, 0, 0, "", message, CatalogProblem.Severity.ERROR)), List.of());
    }

    private void logLoaded(CatalogLoad.Loaded loaded, Optional<String> checksum) {
        if (checksum.isEmpty()) {
            log.atWarn()
                    .addKeyValue("event", "catalog_missing")
                    .addKeyValue("file", source)
                    .log("The catalog file {} does not exist, so Steward monitors nothing", source);
            return;
        }
        log.atInfo()
                .addKeyValue("event", "catalog_loaded")
                .addKeyValue("file", source)
                .addKeyValue("services", loaded.catalog().services().size())
                .addKeyValue("monitors", loaded.catalog().monitors().size())
                .addKeyValue("checksum", checksum.get())
                .log(
                        "Catalog {} loaded: {} services, {} monitors",
                        source,
                        loaded.catalog().services().size(),
                        loaded.catalog().monitors().size());
        logWarnings(loaded.warnings());
    }

    private void logWarnings(List<CatalogProblem> warnings) {
        for (CatalogProblem warning : warnings) {
            log.atWarn()
                    .addKeyValue("event", "catalog_warning")
                    .addKeyValue("file", source)
                    .addKeyValue("line", warning.line())
                    .addKeyValue("path", warning.path())
                    .log(warning.toString());
        }
    }

    /** SHA-256 of the bytes, in lower-case hex. */
    static String checksum(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
