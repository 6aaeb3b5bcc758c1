package dev.steward.config;

/** One invalid or missing setting: which variable, what is wrong, and an example of a good value. */
public record SettingProblem(Variable variable, String problem) {

    /** The full message, e.g. {@code PORT "http" is not a number. Example: PORT=8080}. */
    public String message() {
        return variable.name() + " " + problem + ". Example: " + variable.name() + "=" + variable.example();
    }

    @Override
    public String toString() {
        return message();
    }
}
