package dev.steward.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One object written to every storage destination of a policy in a single pass. A destination that fails stops
 * receiving bytes and is aborted; the others carry on. Writing fails only when every destination has failed.
 */
final class Copies extends OutputStream {

    private final List<Destination> destinations;
    private final LongConsumer progress;
    private long written;

    /** @param progress told the bytes written so far after each write */
    Copies(List<BackupStorage> storages, String key, LongConsumer progress) throws IOException {
        this.progress = progress;
        List<Destination> opened = new ArrayList<>();
        try {
            for (BackupStorage storage : storages) {
                opened.add(new Destination(storage, storage.create(key)));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(destination -> destination.upload.abort());
            throw e;
        }
        this.destinations = List.copyOf(opened);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        for (Destination destination : destinations) {
            if (destination.failure == null) {
                try {
                    destination.upload.stream().write(bytes, offset, length);
                } catch (IOException | RuntimeException e) {
                    destination.fail(e);
                }
            }
        }
        requireOne();
        written += length;
        progress.accept(written);
    }

    @Override
    public void flush() throws IOException {
        for (Destination destination : destinations) {
            if (destination.failure == null) {
                try {
                    destination.upload.stream().flush();
                } catch (IOException | RuntimeException e) {
                    destination.fail(e);
                }
            }
        }
        requireOne();
    }

    /** Does not complete anything: {@link #complete()} does. */
    @Override
    public void close() {}

    /**
     * Completes every destination still healthy.
     *
     * @return per destination, in order: the stored object or why it failed
     */
    List<Outcome> complete() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Destination destination : destinations) {
            if (destination.failure == null) {
                try {
                    destination.upload.stream().close();
                    outcomes.add(new Outcome(Optional.of(destination.upload.complete()), Optional.empty()));
                    continue;
                } catch (IOException | RuntimeException e) {
                    destination.fail(e);
                }
            }
            outcomes.add(new Outcome(Optional.empty(), Optional.of(destination.message())));
        }
        return outcomes;
    }

    /** Discards every destination's object. */
    void abort() {
        destinations.forEach(destination -> destination.upload.abort());
    }

    private void requireOne() throws IOException {
        if (destinations.stream().allMatch(destination -> destination.failure != null)) {
            throw new IOException(
                    destinations.size() == 1
                            ? destinations.get(0).message()
                            : "every storage failed: "
                                    + String.join(
                                            "; ",
                                            destinations.stream()
                                                    .map(Destination::message)
                                                    .toList()));
        }
    }

    /** A destination's result: the complete object, or the reason it failed. */
    record Outcome(Optional<BackupStorage.StoredObject> stored, Optional<String> failure) {}

    private static final class Destination {
        final BackupStorage storage;
        final BackupStorage.Upload upload;

        @Nullable
        Exception failure;

        Destination(BackupStorage storage, BackupStorage.Upload upload) {
            this.storage = storage;
            this.upload = upload;
        }

        void fail(Exception e) {
            failure = e;
            upload.abort();
        }

        String message() {
            Exception e = failure;
            return storage.describe() + ": " + (e == null ? "not written" : e.getMessage());
        }
    }
}
