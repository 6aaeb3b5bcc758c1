package dev.steward.catalog;

import java.util.List;

/** The outcome of reading a catalog file: a catalog (perhaps with warnings), or every error found in it. */
public sealed interface CatalogLoad {

    /** Warnings found while reading, in file order; empty when there were none. */
    List<CatalogProblem> warnings();

    /** The file is valid. */
    record Loaded(Catalog catalog, List<CatalogProblem> warnings) implements CatalogLoad {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    /** The file is invalid; {@code errors} is never empty and lists every problem, in file order. */
    record Rejected(List<CatalogProblem> errors, List<CatalogProblem> warnings) implements CatalogLoad {
        public Rejected {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }
}
