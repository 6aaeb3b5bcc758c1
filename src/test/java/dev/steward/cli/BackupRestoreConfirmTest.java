package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The guided restore's confirmation: the target's name typed on a terminal, or --yes; never a question to a script. */
class BackupRestoreConfirmTest {

    private final PrintWriter out = new PrintWriter(new StringWriter());

    @Test
    void goesOnWhenThePersonTypesTheDatabasesName() {
        Person person = new Person(true, "  booky \n");

        assertThatCode(() -> BackupRestore.confirm(person, false, "booky", out)).doesNotThrowAnyException();
        assertThat(person.asked).containsExactly("Type the target database's name (booky) to restore over it: ");
    }

    @Test
    void stopsWithStatusOneOnAnyOtherAnswerOrTheEndOfInput() {
        BackupRestore.Stop wrong = catchThrowableOfType(
                BackupRestore.Stop.class, () -> BackupRestore.confirm(new Person(true, "yes"), false, "booky", out));
        BackupRestore.Stop ended = catchThrowableOfType(
                BackupRestore.Stop.class, () -> BackupRestore.confirm(new Person(true, null), false, "booky", out));

        assertThat(wrong.status).isEqualTo(1);
        assertThat(wrong).hasMessage("not confirmed (\"yes\" is not booky); nothing was changed");
        assertThat(ended.status).isEqualTo(1);
        assertThat(ended).hasMessage("not confirmed; nothing was changed");
    }

    @Test
    void refusesWithStatusTwoWithoutATerminalAndWithoutAsking() {
        Person script = new Person(false, "booky");

        BackupRestore.Stop stop = catchThrowableOfType(
                BackupRestore.Stop.class, () -> BackupRestore.confirm(script, false, "booky", out));

        assertThat(stop.status).isEqualTo(2);
        assertThat(stop).hasMessageContaining("no terminal to confirm on").hasMessageContaining("--yes");
        assertThat(script.asked).isEmpty();
    }

    @Test
    void yesGoesOnWithoutAskingOnATerminalOrWithout() {
        Person person = new Person(true, "anything");
        Person script = new Person(false, null);

        assertThatCode(() -> BackupRestore.confirm(person, true, "booky", out)).doesNotThrowAnyException();
        assertThatCode(() -> BackupRestore.confirm(script, true, "booky", out)).doesNotThrowAnyException();
        assertThat(person.asked).isEmpty();
    }

    /** Someone at a terminal (or a script without one) who answers {@code answer}. */
    private static final class Person implements Terminal {
        private final boolean interactive;
        private final @Nullable String answer;
        final List<String> asked = new ArrayList<>();

        Person(boolean interactive, @Nullable String answer) {
            this.interactive = interactive;
            this.answer = answer;
        }

        @Override
        public boolean interactive() {
            return interactive;
        }

        @Override
        public @Nullable String ask(String prompt) {
            asked.add(prompt);
            return answer;
        }
    }
}
