package dev.steward.database;

import java.io.Serial;

/** Steward's database could not be reached at start-up; names the target (never its credentials). */
public class DatabaseConnectionException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String target;

    public DatabaseConnectionException(String target, Throwable cause) {
        super("Cannot connect to the database at " + target, cause);
        this.target = target;
    }

    /** Host, port and database. */
    public String target() {
        return target;
    }
}
