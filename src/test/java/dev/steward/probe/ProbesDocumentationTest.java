package dev.steward.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProbesDocumentationTest {

    private static final Pattern CODE_ROW = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|");

    @Test
    void theErrorCodeTableListsEveryErrorCodeAndNoOther() throws IOException {
        String probes = Files.readString(Path.of("docs/PROBES.md"));
        String table = probes.substring(probes.indexOf("## Error codes"));
        Matcher rows = CODE_ROW.matcher(table);
        Stream.Builder<String> documented = Stream.builder();
        while (rows.find()) {
            documented.add(rows.group(1));
        }

        assertThat(documented.build().toList())
                .containsExactlyElementsOf(
                        Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
    }
}
