package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** Reads catalog text the way Steward does and checks the outcome, for readable reader tests. */
final class CatalogAssertions {

    private CatalogAssertions() {}

    static CatalogLoad read(String yaml) {
        return read(yaml, Map.of());
    }

    static CatalogLoad read(String yaml, Map<String, String> environment) {
        return CatalogReader.read("steward.yml", yaml, environment, new TestConditions());
    }

    /** The catalog of a valid file. */
    static Catalog loaded(CatalogLoad load) {
        assertThat(load).as("expected a valid catalog, got %s", load).isInstanceOf(CatalogLoad.Loaded.class);
        return ((CatalogLoad.Loaded) load).catalog();
    }

    /** The errors of an invalid file, each in its {@code file:line:column path: message} form. */
    static List<String> errors(CatalogLoad load) {
        assertThat(load).as("expected the file to be rejected, got %s", load).isInstanceOf(CatalogLoad.Rejected.class);
        return ((CatalogLoad.Rejected) load)
                .errors().stream().map(Object::toString).toList();
    }

    static List<String> warnings(CatalogLoad load) {
        return load.warnings().stream().map(Object::toString).toList();
    }
}
