package dev.steward.cli;

import java.io.Console;
import org.jspecify.annotations.Nullable;

/**
 * The person at the keyboard, when there is one: whether the command runs in a terminal (progress bars, questions) or
 * in a script or CI job (plain lines, never a question), and the answer to a question.
 */
interface Terminal {

    /** Whether a person can read a redrawn line and answer a question. */
    boolean interactive();

    /** Asks and returns the line typed, or null when there is nobody to ask or input ended. */
    @Nullable
    String ask(String prompt);

    /** This process's terminal: the console when standard input and output are one. */
    static Terminal system() {
        Console console = System.console();
        boolean interactive = console != null && isTerminal(console);
        return new Terminal() {
            @Override
            public boolean interactive() {
                return interactive;
            }

            @Override
            public @Nullable String ask(String prompt) {
                return interactive && console != null ? console.readLine("%s", prompt) : null;
            }
        };
    }

    /**
     * From Java 22, {@code System.console()} may return a console for redirected streams and says whether it is a
     * terminal with {@code isTerminal()}; Java 21 returns one only for a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }
}
