package dev.steward.catalog;

import java.io.Serial;
import java.util.List;

/**
 * Thrown at start-up when the catalog file is invalid, or missing at a path that {@code STEWARD_CONFIG} named
 * explicitly: Steward refuses to start rather than run without the monitors its users wrote.
 */
public class InvalidCatalogException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<CatalogProblem> problems;

    public InvalidCatalogException(String file, List<CatalogProblem> problems) {
        super(summary(file, problems));
        this.problems = List.copyOf(problems);
    }

    /** Every error found, in file order; each one's {@code toString()} is {@code file:line:column path: message}. */
    public List<CatalogProblem> problems() {
        return problems;
    }

    private static String summary(String file, List<CatalogProblem> problems) {
        return "The catalog file " + file + " is invalid (" + problems.size()
                + (problems.size() == 1 ? " error" : " errors") + "): "
                + String.join(
                        "; ", problems.stream().map(CatalogProblem::toString).toList());
    }
}
