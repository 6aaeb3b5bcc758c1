package dev.steward.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.Locale;

/**
 * One error or warning about a catalog file, at the line and column (both 1-based) of the value it is about; line 0
 * means the file as a whole (e.g. it cannot be read).
 *
 * @param path the field the problem is about, e.g. {@code services.booky-api.monitors.health.interval}; empty when
 *     it is about the file's syntax
 * @param message what is wrong and what is allowed; never contains a value that came from the environment
 */
public record CatalogProblem(String file, int line, int column, String path, String message, Severity severity) {

    /** Orders problems as they appear in the file. */
    public static final Comparator<CatalogProblem> BY_POSITION =
            Comparator.comparingInt(CatalogProblem::line).thenComparingInt(CatalogProblem::column);

    /** Whether the problem makes the file invalid. */
    public enum Severity {
        /** The file is rejected. */
        ERROR,
        /** The file is accepted; the message says what Steward does instead (e.g. which value it uses). */
        WARNING;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code file:line:column}, or the file alone when the problem is about the whole file. */
    public String location() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }

    /** {@code file:line:column path: message}, the form editors and terminals turn into links. */
    @Override
    public String toString() {
        return location() + " " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
