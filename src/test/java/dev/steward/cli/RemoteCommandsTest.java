package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testing.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code incident}, {@code silence} and {@code notify} commands' argument checks and their answer when no Steward
 * is there: nothing needs to run.
 */
class RemoteCommandsTest {

    /** A port nothing listens on: a command that got past its argument checks would say so. */
    private final Map<String, String> nowhere = Map.of("PORT", String.valueOf(Ports.free()));

    @Test
    void silenceAddWithoutAReasonIsRefusedBeforeAskingSteward() {
        Run run = steward(nowhere, "silence", "add", "--service", "shop-api", "--for", "2h");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--reason=TEXT'");
    }

    @Test
    void silenceAddWithAnUnreadableDurationSaysHowToWriteOne() {
        Run run = steward(nowhere, "silence", "add", "--service", "shop-api", "--for", "soon", "--reason", "deploy");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: --for \"soon\" is not a duration (use 30m, 2h, 1d)\n");
    }

    @Test
    void silenceAddRefusesAZeroDuration() {
        Run run = steward(nowhere, "silence", "add", "--service", "shop-api", "--for", "0m", "--reason", "deploy");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--for \"0m\" is not a duration");
    }

    @Test
    void silenceAddNeedsForOrUntilButNotBoth() {
        Run neither = steward(nowhere, "silence", "add", "--service", "shop-api", "--reason", "deploy");
        Run both = steward(
                nowhere,
                "silence",
                "add",
                "--service",
                "shop-api",
                "--reason",
                "deploy",
                "--for",
                "2h",
                "--until",
                "2030-01-01T00:00:00Z");

        assertThat(neither.status()).isEqualTo(2);
        assertThat(neither.err()).contains("--for=DURATION").contains("--until=TIME");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void silenceAddWithAnUnreadableEndTimeShowsTheForms() {
        Run run = steward(nowhere, "silence", "add", "--tag", "db", "--until", "tomorrow", "--reason", "migration");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("--until \"tomorrow\" is not a time; write it like 2026-11-23T18:00")
                .contains("2026-11-23T17:00:00Z");
    }

    @Test
    void silenceAddReadsEndTimesWithAndWithoutAZone() throws RemoteCommand.BadArgument {
        assertThat(SilenceCommand.Add.endsAt("2030-01-01T10:00:00Z")).hasToString("2030-01-01T10:00:00Z");
        assertThat(SilenceCommand.Add.endsAt("2030-01-01T12:00+02:00")).hasToString("2030-01-01T10:00:00Z");
        assertThat(SilenceCommand.Add.endsAt("2030-01-01T10:00"))
                .isEqualTo(java.time.LocalDateTime.parse("2030-01-01T10:00")
                        .atZone(java.time.ZoneId.systemDefault())
                        .toInstant());
    }

    @Test
    void anIncidentIdMustBeANumber() {
        Run run = steward(nowhere, "incident", "show", "latest");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("'latest' is not a long");
    }

    @Test
    void anUnknownStatusListsTheKnownOnes() {
        Run run = steward(nowhere, "incident", "list", "--status", "closed");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("UNRESOLVED, OPEN, ACKNOWLEDGED, RESOLVED, ALL");
    }

    @Test
    void statsRefusesAnUnreadableWindow() {
        Run run = steward(nowhere, "incident", "stats", "--window", "a month");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: --window \"a month\" is not a duration (use 7d, 30d, 12h)\n");
    }

    @Test
    void anEmptyNoteIsRefused() {
        Run run = steward(nowhere, "incident", "note", "4", " ");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("the note is empty");
    }

    @Test
    void withoutARunningStewardTheCommandNamesTheUrlAndHowToChooseAnother() {
        String port = nowhere.get("PORT");
        Run run = steward(nowhere, "incident", "list");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: no Steward at http://127.0.0.1:" + port + " (connection refused)")
                .contains("--url URL")
                .contains("PORT");
    }

    @Test
    void anExplicitUrlIsUsedAndATrailingSlashIgnored() {
        int port = Ports.free();
        Run run = steward(Map.of(), "silence", "list", "--url", "http://127.0.0.1:" + port + "/");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: no Steward at http://127.0.0.1:" + port + " (connection refused)");
    }

    @Test
    void aUrlThatIsNotOneIsRefused() {
        Run run = steward(Map.of(), "notify", "channels", "--url", "steward.internal");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("error: \"steward.internal\" is not a URL; write it like http://127.0.0.1:8080\n");
    }

    @Test
    void helpSaysWhichTokenIsUsedAndWhatAuthorMeans() {
        Run run = steward(Map.of(), "incident", "ack", "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out().replaceAll("\\s+", " "))
                .contains("--token=TOKEN API token to act with (default: $STEWARD_TOKEN)")
                .contains("--author=NAME The person the API token acts for");
    }

    @Test
    void responseTimesReadAsSpans() {
        JsonMapper json = JsonMapper.builder().build();

        assertThat(IncidentCommand.span(json.readTree("42"))).isEqualTo("42s");
        assertThat(IncidentCommand.span(json.readTree("725"))).isEqualTo("12m 05s");
        assertThat(IncidentCommand.span(json.readTree("11220.4"))).isEqualTo("3h 07m");
        assertThat(IncidentCommand.span(json.readTree("187200"))).isEqualTo("2d 04h");
        assertThat(IncidentCommand.span(json.readTree("null"))).isEqualTo("-");
    }

    private record Run(int status, String out, String err) {}

    private static Run steward(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = StewardCommand.execute(
                new HashMap<>(environment), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }
}
