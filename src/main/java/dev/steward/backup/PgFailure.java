package dev.steward.backup;

import java.io.IOException;
import java.io.Serial;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A dump, restore or scratch database that failed on the PostgreSQL side: a client tool that exited non-zero, was
 * killed or wrote nothing, a privilege that is missing, a dump that cannot be read. The message says what failed,
 * carries the tool's own words (the tail of its standard error) and, when known, what to do; it never contains a
 * password.
 */
final class PgFailure extends IOException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient OptionalInt exitCode;

    PgFailure(String message) {
        this(message, OptionalInt.empty(), null);
    }

    PgFailure(String message, Throwable cause) {
        this(message, OptionalInt.empty(), cause);
    }

    PgFailure(String message, OptionalInt exitCode, @Nullable Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The tool's exit status, when a tool ran and exited. */
    OptionalInt exitCode() {
        return exitCode;
    }
}
