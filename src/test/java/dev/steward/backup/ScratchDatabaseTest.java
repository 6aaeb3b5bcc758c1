package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScratchDatabaseTest {

    @Test
    void isNamedForTheBackupInLowerCaseWithUnderscores() {
        assertThat(ScratchDatabase.nameFor("20261124T020000Z-3f9a")).isEqualTo("steward_drill_20261124t020000z_3f9a");
    }

    @Test
    void staysWithinPostgresIdentifierLength() {
        assertThat(ScratchDatabase.nameFor("x".repeat(100))).hasSize(63).startsWith("steward_drill_xxx");
    }
}
