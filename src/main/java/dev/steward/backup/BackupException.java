package dev.steward.backup;

/** A backup action that cannot be done or failed, with a message that says what to do. */
public final class BackupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of problem: the API answers 404, 409 or 500 by it. */
    public enum Reason {
        NOT_FOUND,
        BUSY,
        CONFLICT,
        FAILED
    }

    private final Reason reason;

    public BackupException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
        this.reason = Reason.FAILED;
    }

    /** A run or drill that failed. */
    public static BackupException failed(String message) {
        return new BackupException(Reason.FAILED, message);
    }

    public Reason reason() {
        return reason;
    }
}
