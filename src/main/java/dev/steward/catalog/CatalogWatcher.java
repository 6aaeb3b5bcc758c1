package dev.steward.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Reloads the catalog when its file changes, by looking every couple of seconds: modification time, size and file
 * identity first, then the content's checksum. Polling, unlike a {@code WatchService}, sees editors that replace the
 * file by renaming a new one over it, bind-mounted files, and symbolic links swapped by Kubernetes. A missing file is
 * left alone (editors delete and re-create it while saving); the catalog keeps running until it is back.
 */
final class CatalogWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogWatcher.class);

    private final CatalogService catalog;
    private final ApplicationEventPublisher events;
    private final Duration period;
    private @Nullable ScheduledExecutorService executor;
    private @Nullable Stamp lastSeen;
    private boolean missingReported;

    /** What is cheap to compare before reading the file. */
    private record Stamp(
            FileTime modified, long size, @Nullable Object fileKey) {}

    CatalogWatcher(CatalogService catalog, ApplicationEventPublisher events, Duration period) {
        this.catalog = catalog;
        this.events = events;
        this.period = period;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("catalog-watcher").daemon().factory());
        executor.scheduleWithFixedDelay(this::poll, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** One look at the file. Never throws: an exception would cancel every later look. */
    void poll() {
        try {
            check();
        } catch (Throwable e) {
            log.atError()
                    .addKeyValue("event", "catalog_watch_failed")
                    .addKeyValue("file", catalog.file().toString())
                    .setCause(e)
                    .log("Checking the catalog file for changes failed: {}", e.toString());
        }
    }

    private void check() throws IOException {
        Path file = catalog.file();
        Optional<Stamp> stamp = stamp(file);
        if (stamp.isEmpty()) {
            if (!missingReported) {
                missingReported = true;
                log.atWarn()
                        .addKeyValue("event", "catalog_file_gone")
                        .addKeyValue("file", file.toString())
                        .log("The catalog file {} is gone; the loaded catalog keeps running", file);
            }
            return;
        }
        missingReported = false;
        if (stamp.get().equals(lastSeen)) {
            return;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return; // renamed away between the two looks; the next look sees what replaced it
        }
        lastSeen = stamp.get();
        String checksum = CatalogService.checksum(content);
        if (catalog.lastAttemptedChecksum().equals(Optional.of(checksum))) {
            return;
        }
        log.atInfo()
                .addKeyValue("event", "catalog_file_changed")
                .addKeyValue("file", file.toString())
                .log("The catalog file {} changed; reloading", file);
        events.publishEvent(new CatalogFileReloaded(file.toString(), catalog.reload()));
    }

    private static Optional<Stamp> stamp(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "CatalogWatcher[" + Objects.toString(catalog.file()) + "]";
    }
}
