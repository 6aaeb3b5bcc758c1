package dev.steward.config;

import java.io.Serial;
import java.util.List;

/** Thrown at start-up when the environment holds settings Steward cannot run with. */
public class InvalidSettingsException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SettingsResult.Invalid invalid;

    public InvalidSettingsException(SettingsResult.Invalid invalid) {
        super(invalid.summary());
        this.invalid = invalid;
    }

    /** Every problem found, in the order of the configuration table. */
    public List<SettingProblem> problems() {
        return invalid.problems();
    }
}
