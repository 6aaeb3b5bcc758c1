package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgRestoreTest {

    @Test
    void keepsErrorsAndDropsVerboseProgressForTheFailureMessage() {
        assertThat(PgRestore.isWorthKeeping("pg_restore: error: could not execute query: ERROR:  x"))
                .isTrue();
        assertThat(PgRestore.isWorthKeeping("Command was: CREATE TABLE public.x ();"))
                .isTrue();
        assertThat(PgRestore.isWorthKeeping("pg_restore: warning: errors ignored on restore: 1"))
                .isTrue();
        assertThat(PgRestore.isWorthKeeping("pg_restore: creating TABLE \"public.pgbench_accounts\""))
                .isFalse();
        assertThat(PgRestore.isWorthKeeping("pg_restore: launching item 3358 TABLE DATA pgbench_accounts"))
                .isFalse();
    }

    @Test
    void countsItemsFromVerboseLines() {
        assertThat(PgRestore.isItemDone("pg_restore: creating CONSTRAINT \"public.a a_pkey\""))
                .isTrue();
        assertThat(PgRestore.isItemDone("pg_restore: processing data for table \"public.a\""))
                .isTrue();
        assertThat(PgRestore.isItemDone("pg_restore: executing SEQUENCE SET a_id_seq"))
                .isTrue();
        assertThat(PgRestore.isItemDone("pg_restore: launching item 3358 TABLE DATA a"))
                .isFalse();
        assertThat(PgRestore.isItemDone("pg_restore: connecting to database for restore"))
                .isFalse();
    }
}
