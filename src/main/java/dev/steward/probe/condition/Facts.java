package dev.steward.probe.condition;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * What one probe observed, as the placeholders of its conditions see it: {@code STATUS} → {@code 200}, {@code BODY} →
 * the response text (and, parsed lazily, its JSON tree), {@code RESULT} → the rows of a query, and so on. Names are
 * given without brackets.
 */
public final class Facts {

    private final Map<String, String> texts;
    private final Map<String, Supplier<Optional<JsonNode>>> documents;

    private Facts(Map<String, String> texts, Map<String, Supplier<Optional<JsonNode>>> documents) {
        this.texts = Map.copyOf(texts);
        this.documents = Map.copyOf(documents);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The placeholder's value as text; empty when this probe kind does not provide it. */
    public Optional<String> text(String placeholder) {
        return Optional.ofNullable(texts.get(placeholder));
    }

    /** The placeholder's value as a JSON tree, for paths such as {@code [BODY].checks.db.ok}; empty if not JSON. */
    public Optional<JsonNode> json(String placeholder) {
        Supplier<Optional<JsonNode>> document = documents.get(placeholder);
        return document == null ? Optional.empty() : document.get();
    }

    /** Collects the facts of one probe. */
    public static final class Builder {
        private final Map<String, String> texts = new HashMap<>();
        private final Map<String, Supplier<Optional<JsonNode>>> documents = new HashMap<>();

        private Builder() {}

        public Builder text(String placeholder, String value) {
            texts.put(placeholder, value);
            return this;
        }

        /** A JSON tree computed at most once, when a condition first needs it. */
        public Builder json(String placeholder, Supplier<Optional<JsonNode>> document) {
            Supplier<Optional<JsonNode>> once = new Supplier<>() {
                private Optional<JsonNode> value;

                @Override
                public synchronized Optional<JsonNode> get() {
                    if (value == null) {
                        value = document.get();
                    }
                    return value;
                }
            };
            documents.put(placeholder, once);
            return this;
        }

        public Facts build() {
            return new Facts(texts, documents);
        }
    }
}
