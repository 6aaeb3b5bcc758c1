package dev.steward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Sends a Unix signal the JDK cannot send itself (SIGINT, SIGSTOP, SIGCONT) through {@code kill}. */
final class Signals {

    private Signals() {}

    static void send(long pid, String signal) {
        try {
            int status = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                    .start()
                    .waitFor();
            if (status != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed with status " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
