package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Variable;
import dev.steward.ops.StartupFailureReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documentation users read names exactly the settings and error codes Steward has. */
class DocumentationTest {

    private static final Pattern TABLE_ROW_VARIABLE = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|");

    @Test
    void readmeConfigurationTableListsEveryVariableAndNoOther() throws IOException {
        assertThat(tableVariables(read("README.md"))).containsExactlyElementsOf(variableNames());
    }

    @Test
    void configurationRulesTableListsEveryVariableAndNoOther() throws IOException {
        assertThat(tableVariables(read("docs/CONFIGURATION.md"))).containsExactlyElementsOf(variableNames());
    }

    @Test
    void everyStartupFailureCodeIsDocumented() throws IOException {
        String readme = read("README.md");
        for (String code : StartupFailureReporter.CODES) {
            assertThat(readme).as("README documents %s", code).contains("| `" + code + "` |");
        }
    }

    private static List<String> variableNames() {
        return Arrays.stream(Variable.values()).map(Variable::name).toList();
    }

    private static List<String> tableVariables(String markdown) {
        Matcher matcher = TABLE_ROW_VARIABLE.matcher(markdown);
        return matcher.results().map(result -> result.group(1)).toList();
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path));
    }
}
