package dev.steward.probe.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/CONDITIONS.md shows the errors Steward really gives, at the columns it really reports. */
class ConditionsDocumentationTest {

    private static final Pattern ERROR_ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\| (\\d+) \\| (.+) \\|$");

    @Test
    void everyDocumentedErrorIsTheOneGivenAtItsColumn() throws IOException {
        String markdown = Files.readString(Path.of("docs/CONDITIONS.md"));
        String errors = markdown.substring(markdown.indexOf("## Errors"), markdown.indexOf("## Differences"));
        Matcher rows = ERROR_ROW.matcher(errors);
        List<DocumentedError> results = rows.results().map(DocumentedError::of).toList();
        assertThat(results).hasSizeGreaterThan(10);
        for (DocumentedError row : results) {
            ConditionSyntaxException refusal =
                    catchThrowableOfType(ConditionSyntaxException.class, () -> Condition.parse(row.condition()));
            assertThat(refusal).as("refusal of <%s>", row.condition()).isNotNull();
            assertThat(refusal.getMessage())
                    .as("message for <%s>", row.condition())
                    .startsWith(row.message());
            assertThat(refusal.column()).as("column for <%s>", row.condition()).isEqualTo(row.column());
        }
    }

    private record DocumentedError(String condition, int column, String message) {
        static DocumentedError of(java.util.regex.MatchResult match) {
            return new DocumentedError(match.group(1), Integer.parseInt(match.group(2)), match.group(3));
        }
    }
}
