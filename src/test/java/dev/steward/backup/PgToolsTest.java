package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.backup.PgTools.Lookup;
import dev.steward.backup.PgTools.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgToolsTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)|15.18|15|150018",
                "pg_dump (PostgreSQL) 16.4 (Homebrew)|16.4|16|160004",
                "pg_dump (PostgreSQL) 17.2 (Postgres.app)|17.2|17|170002",
                "pg_dump.exe (PostgreSQL) 16.2|16.2|16|160002",
                "pg_restore (PostgreSQL) 15.5 (Ubuntu 15.5-1.pgdg22.04+1)|15.5|15|150005",
                "pg_dump (PostgreSQL) 9.6.24|9.6.24|9.6|90624",
                "pg_dump (PostgreSQL) 17beta1|17beta1|17|170000",
                "pg_dump (PostgreSQL) 18devel|18devel|18|180000"
            })
    void readsTheVersionsThatDistributionsPrint(String output, String text, String major, int number) {
        PgVersion version = PgVersion.ofToolOutput(output).orElseThrow();

        assertThat(version.text()).isEqualTo(text);
        assertThat(version.major()).isEqualTo(major);
        assertThat(version.number()).isEqualTo(number);
    }

    @Test
    void refusesOutputThatNamesNoPostgresVersion() {
        assertThat(PgVersion.ofToolOutput("pg_dump: command not found")).isEmpty();
        assertThat(PgVersion.ofToolOutput("")).isEmpty();
    }

    @Test
    void readsServerVersionsWithVendorSuffixes() {
        PgVersion server = PgVersion.ofServer(150019, "15.19 (Debian 15.19-1.pgdg120+1)");

        assertThat(server.text()).isEqualTo("15.19");
        assertThat(server.major()).isEqualTo("15");
        assertThat(PgVersion.ofServer(90624, "9.6.24").major()).isEqualTo("9.6");
    }

    @Test
    void majorVersionsCompareAcrossTheChangeFromNineToTen() {
        PgVersion nineSix = PgVersion.ofServer(90624, "9.6.24");
        PgVersion ten = PgVersion.ofServer(100023, "10.23");
        PgVersion fifteen = PgVersion.ofServer(150019, "15.19");
        PgVersion fifteenOld = PgVersion.ofServer(150001, "15.1");

        assertThat(nineSix.olderMajorThan(ten)).isTrue();
        assertThat(ten.olderMajorThan(fifteen)).isTrue();
        assertThat(fifteenOld.olderMajorThan(fifteen))
                .as("minor versions do not matter")
                .isFalse();
        assertThat(fifteen.olderMajorThan(nineSix)).isFalse();
    }

    @Test
    void pgDumpOlderThanTheServerSaysWhatToInstall() {
        PgTools tools = tools(found(Tool.PG_DUMP, "15.18"), found(Tool.PG_RESTORE, "15.18"));

        assertThat(tools.dumpProblem(PgVersion.ofServer(170002, "17.2"), "db.internal:5432/booky"))
                .contains("pg_dump 15.18 cannot dump PostgreSQL 17.2 at db.internal:5432/booky: install the"
                        + " PostgreSQL 17 client tools (Debian/Ubuntu: postgresql-client-17), or point PG_BIN_DIR"
                        + " at them");
        assertThat(tools.dumpProblem(PgVersion.ofServer(150019, "15.19"), "db.internal:5432/booky"))
                .as("a newer minor version of the same major is fine")
                .isEmpty();
        assertThat(tools.dumpProblem(PgVersion.ofServer(120022, "12.22"), "db.internal:5432/booky"))
                .as("older servers are fine")
                .isEmpty();
        assertThat(tools.dumpProblem(PgVersion.ofServer(90124, "9.1.24"), "old:5432/x"))
                .hasValueSatisfying(problem -> assertThat(problem).contains("from 9.2 on"));
    }

    @Test
    void pgRestoreOlderThanThePgDumpThatMadeTheDumpSaysWhatToInstall() {
        PgTools tools = tools(found(Tool.PG_DUMP, "15.18"), found(Tool.PG_RESTORE, "15.18"));

        assertThat(tools.restoreProblem(PgVersion.parse("16.4").orElseThrow()))
                .contains("pg_restore 15.18 cannot read a dump made by pg_dump 16.4: install the PostgreSQL 16 client"
                        + " tools (Debian/Ubuntu: postgresql-client-16), or point PG_BIN_DIR at them");
        assertThat(tools.restoreProblem(PgVersion.parse("14.13").orElseThrow())).isEmpty();
    }

    @Test
    void aMissingToolIsAProblemNamingWhatToInstall() throws IOException {
        PgTools tools = PgTools.locate(Optional.empty(), temp.toString(), temp.resolve("no-such-root"));

        assertThat(tools.problems())
                .contains("pg_dump not found on PATH or in " + temp.resolve("no-such-root")
                        + "/*/bin: install postgresql-client (Debian/Ubuntu: apt-get install postgresql-client), or"
                        + " point PG_BIN_DIR at the client tools");
        assertThat(tools.dumpProblem(PgVersion.ofServer(150019, "15.19"), "db:5432/x"))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("pg_dump not found"));
    }

    @Test
    void aConfiguredDirectoryWithoutTheToolIsAProblemNamingTheSetting() {
        PgTools tools = PgTools.locate(Optional.of(temp), "/usr/bin", temp);

        assertThat(tools.lookup(Tool.PG_RESTORE))
                .isEqualTo(new Lookup.Missing(
                        Tool.PG_RESTORE,
                        "pg_restore not found in " + temp + " (PG_BIN_DIR): point PG_BIN_DIR at the bin directory of"
                                + " the PostgreSQL client tools, e.g. /usr/lib/postgresql/17/bin"));
    }

    @Test
    void findsTheToolsOnThePathAndReadsTheirVersions() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        script(bin.resolve("pg_dump"), "pg_dump (PostgreSQL) 16.4 (Homebrew)");

        PgTools tools = PgTools.locate(Optional.empty(), temp.resolve("empty") + ":" + bin, temp.resolve("none"));

        assertThat(tools.lookup(Tool.PG_DUMP))
                .isEqualTo(new Lookup.Found(
                        Tool.PG_DUMP,
                        bin.resolve("pg_dump"),
                        PgVersion.parse("16.4").orElseThrow()));
    }

    @Test
    void withoutToolsOnThePathTakesTheNewestDebianVersion() throws IOException {
        Path root = temp.resolve("postgresql");
        for (String major : new String[] {"9.6", "15", "17", "13"}) {
            Path bin = Files.createDirectories(root.resolve(major).resolve("bin"));
            script(bin.resolve("pg_restore"), "pg_restore (PostgreSQL) " + major + ".1");
        }

        PgTools tools = PgTools.locate(Optional.empty(), temp.toString(), root);

        assertThat(tools.lookup(Tool.PG_RESTORE)).isInstanceOfSatisfying(Lookup.Found.class, found -> {
            assertThat(found.path()).isEqualTo(root.resolve("17/bin/pg_restore"));
            assertThat(found.version().text()).isEqualTo("17.1");
        });
    }

    @Test
    void aToolThatAnswersNoVersionIsAProblem() throws IOException {
        script(temp.resolve("pg_dump"), "something else entirely");

        PgTools tools = PgTools.locate(Optional.of(temp), null, temp);

        assertThat(tools.lookup(Tool.PG_DUMP))
                .isInstanceOfSatisfying(
                        Lookup.Missing.class,
                        missing -> assertThat(missing.problem())
                                .contains("--version answered 'something else entirely', not a PostgreSQL version"));
    }

    @Test
    void findsThisMachinesClientTools() {
        PgTools tools = PgTools.locate(Optional.empty());

        assertThat(tools.problems()).isEmpty();
        assertThat(tools.lookup(Tool.PG_DUMP))
                .isInstanceOfSatisfying(
                        Lookup.Found.class,
                        found -> assertThat(found.version().number()).isGreaterThanOrEqualTo(150000));
    }

    static void script(Path path, String versionLine) throws IOException {
        Files.writeString(path, "#!/bin/sh\necho '" + versionLine + "'\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Lookup found(Tool tool, String version) {
        return new Lookup.Found(
                tool,
                Path.of("/usr/bin", tool.command()),
                PgVersion.parse(version).orElseThrow());
    }

    private static PgTools tools(Lookup... lookups) {
        Map<Tool, Lookup> map = new EnumMap<>(Tool.class);
        for (Tool tool : Tool.values()) {
            map.put(tool, new Lookup.Missing(tool, tool.command() + " missing"));
        }
        for (Lookup lookup : lookups) {
            map.put(
                    switch (lookup) {
                        case Lookup.Found found -> found.tool();
                        case Lookup.Missing missing -> missing.tool();
                    },
                    lookup);
        }
        return new PgTools(map);
    }
}
