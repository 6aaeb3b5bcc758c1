package dev.steward.catalog;

import dev.steward.catalog.CatalogProblem.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every error and warning found in one catalog file, so that one run reports them all. */
final class CatalogProblems {

    /** Shorter environment values are not searched for in messages: "ab" would garble words, not reveal a secret. */
    private static final int SHORTEST_REDACTED = 4;

    private final String file;
    private final List<CatalogProblem> problems = new ArrayList<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();

    CatalogProblems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void error(Node node, String path, String message) {
        add(line(node), column(node), path, message, Severity.ERROR);
    }

    void error(int line, int column, String path, String message) {
        add(line, column, path, message, Severity.ERROR);
    }

    void warning(Node node, String path, String message) {
        add(line(node), column(node), path, message, Severity.WARNING);
    }

    void warning(int line, int column, String path, String message) {
        add(line, column, path, message, Severity.WARNING);
    }

    /** Remembers values that came from the environment, so that no message can show them. */
    void secrets(Map<String, String> valueToReference) {
        secrets.putAll(valueToReference);
    }

    int errorCount() {
        return (int) problems.stream()
                .filter(problem -> problem.severity() == Severity.ERROR)
                .count();
    }

    /** Errors in file order, with any value from the environment replaced by its {@code ${VAR}} reference. */
    List<CatalogProblem> errors() {
        return of(Severity.ERROR);
    }

    /** Warnings in file order, redacted like the errors. */
    List<CatalogProblem> warnings() {
        return of(Severity.WARNING);
    }

    private List<CatalogProblem> of(Severity severity) {
        return problems.stream()
                .filter(problem -> problem.severity() == severity)
                .map(this::redacted)
                .sorted(CatalogProblem.BY_POSITION)
                .toList();
    }

    private void add(int line, int column, String path, String message, Severity severity) {
        problems.add(new CatalogProblem(file, line, column, path, message, severity));
    }

    private CatalogProblem redacted(CatalogProblem problem) {
        String message = problem.message();
        List<Map.Entry<String, String>> longestFirst = secrets.entrySet().stream()
                .filter(secret -> secret.getKey().length() >= SHORTEST_REDACTED)
                .sorted(Comparator.comparingInt((Map.Entry<String, String> secret) ->
                                secret.getKey().length())
                        .reversed())
                .toList();
        for (Map.Entry<String, String> secret : longestFirst) {
            message = message.replace(secret.getKey(), secret.getValue());
        }
        return new CatalogProblem(
                problem.file(), problem.line(), problem.column(), problem.path(), message, problem.severity());
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    static int column(Node node) {
        return node.getStartMark().getColumn() + 1;
    }
}
