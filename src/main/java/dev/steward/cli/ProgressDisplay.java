package dev.steward.cli;

import dev.steward.backup.BackupEngine;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Shows how long work advances. On a terminal: one line redrawn in place ({@code \r}) with a progress bar, at most five
 * times a second. Otherwise (a CI log, a file): a plain line when the phase changes and every 15 seconds, so that logs
 * stay readable. Fed by {@link BackupEngine}'s callbacks (a restore here) or by what Steward's API answers (a backup
 * or drill followed with {@code --wait}).
 */
final class ProgressDisplay implements BackupEngine.Listener {

    static final Duration REDRAW_EVERY = Duration.ofMillis(200);
    static final Duration LOG_EVERY = Duration.ofSeconds(15);

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final long started;
    private String phase = "starting";
    private long done;
    private long total = -1;
    private int drawn;
    private long shownAt;
    private String shownPhase = "";

    ProgressDisplay(PrintWriter out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    ProgressDisplay(PrintWriter out, boolean terminal, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
        this.started = nanos.getAsLong();
        this.shownAt = started;
    }

    /** The work is in {@code phase}, with {@code done} bytes of {@code total} (negative when unknown). */
    synchronized void update(String phase, long done, long total) {
        this.phase = phase;
        this.done = done;
        this.total = total;
        show(false);
    }

    @Override
    public synchronized void phase(String phase) {
        if (!phase.equals(this.phase)) {
            update(phase, 0, -1);
        }
    }

    @Override
    public synchronized void bytes(long done, long total) {
        update(phase, done, total);
    }

    /** Ends the display: the last state stays on the terminal's line, and the next output starts on a new one. */
    synchronized void finish() {
        if (terminal && drawn > 0) {
            show(true);
            out.println();
            out.flush();
            drawn = 0;
        }
    }

    private void show(boolean force) {
        long now = nanos.getAsLong();
        boolean newPhase = !Objects.equals(phase, shownPhase);
        Duration elapsed = Duration.ofNanos(now - started);
        if (terminal) {
            if (!force && !newPhase && drawn > 0 && now - shownAt < REDRAW_EVERY.toNanos()) {
                return;
            }
            String line = BackupFormat.progressLine(phase, done, total, elapsed);
            out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
            out.flush();
            drawn = line.length();
        } else {
            if (!force && !newPhase && now - shownAt < LOG_EVERY.toNanos()) {
                return;
            }
            out.println(BackupFormat.progressText(phase, done, total, elapsed));
            out.flush();
        }
        shownAt = now;
        shownPhase = phase;
    }
}
