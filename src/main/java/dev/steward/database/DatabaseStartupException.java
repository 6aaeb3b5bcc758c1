package dev.steward.database;

import java.io.Serial;

/** The embedded PostgreSQL could not be started or reached; the message says why and what to do. */
public class DatabaseStartupException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    DatabaseStartupException(String message, Throwable cause) {
        super(message, cause);
    }

    DatabaseStartupException(String message) {
        super(message);
    }
}
