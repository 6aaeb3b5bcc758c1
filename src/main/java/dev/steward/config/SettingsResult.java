package dev.steward.config;

import java.util.List;

/** The outcome of reading the environment: usable settings, or every problem found. */
public sealed interface SettingsResult {

    /**
     * Usable settings.
     *
     * @param adjustments unwise values that were clamped or replaced, each saying which value is used instead
     */
    record Loaded(Settings settings, List<String> adjustments) implements SettingsResult {
        public Loaded {
            adjustments = List.copyOf(adjustments);
        }
    }

    /** Settings that cannot be used; all problems are listed, not only the first. */
    record Invalid(List<SettingProblem> problems) implements SettingsResult {
        public Invalid {
            problems = List.copyOf(problems);
        }

        /** One line naming every problem, for logs. */
        public String summary() {
            return problems.size()
                    + (problems.size() == 1 ? " configuration problem: " : " configuration problems: ")
                    + String.join(
                            "; ", problems.stream().map(SettingProblem::message).toList());
        }
    }
}
