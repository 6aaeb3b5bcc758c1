package dev.steward.probe.condition;

import static org.assertj.core.api.Assertions.fail;

import java.util.Optional;
import org.assertj.core.api.AbstractAssert;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the condition tests observe and assert: facts as probes report them, and outcomes that hold or fail. */
final class Observations {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Observations() {}

    /** Facts with plain text values, given as name, value, name, value, … */
    static Facts facts(String... namesAndValues) {
        Facts.Builder builder = Facts.builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.text(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** An HTTP response body, as the HTTP probe reports it: its text, and its JSON tree when it is JSON. */
    static Facts body(String body) {
        return document("BODY", body);
    }

    /** A placeholder whose value is a JSON document (BODY, RESULT, INFO): text plus lazily parsed tree. */
    static Facts document(String name, String json) {
        return Facts.builder().text(name, json).json(name, () -> parse(json)).build();
    }

    static Optional<JsonNode> parse(String text) {
        try {
            return Optional.of(JSON.readTree(text));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    static Condition condition(String text) {
        try {
            return Condition.parse(text);
        } catch (ConditionSyntaxException e) {
            return fail("expected a condition: " + text + " (column " + e.column() + ": " + e.getMessage() + ")");
        }
    }

    static OutcomeAssert evaluating(String condition, Facts facts) {
        return new OutcomeAssert(condition(condition).evaluate(facts));
    }

    /** Assertions on one evaluated condition. */
    static final class OutcomeAssert extends AbstractAssert<OutcomeAssert, ConditionOutcome> {

        OutcomeAssert(ConditionOutcome actual) {
            super(actual, OutcomeAssert.class);
        }

        OutcomeAssert holds() {
            if (!actual.success()) {
                failWithMessage("expected <%s> to hold, but it failed: %s", actual.condition(), actual.resolved());
            }
            return this;
        }

        OutcomeAssert fails() {
            if (actual.success()) {
                failWithMessage("expected <%s> to fail, but it held: %s", actual.condition(), actual.resolved());
            }
            return this;
        }

        OutcomeAssert shows(String resolved) {
            if (!actual.resolved().equals(resolved)) {
                failWithMessage(
                        "expected <%s> to show%n  <%s>%nbut it shows%n  <%s>",
                        actual.condition(), resolved, actual.resolved());
            }
            return this;
        }
    }
}
