package dev.steward.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc-123", "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "trace.1:2/3+4=5@x_y"})
    void keepsASaneIncomingId(String incoming) {
        assertThat(RequestIdFilter.requestId(incoming)).isEqualTo(incoming);
    }

    @Test
    void keepsAnIdOf128Characters() {
        String incoming = "a".repeat(128);

        assertThat(RequestIdFilter.requestId(incoming)).isEqualTo(incoming);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a b", "x\ny", "abc\n", "<script>", "\"quoted\"", "a\u00e9b"})
    void replacesAMissingOrUnsafeIdByAFreshUuid(String incoming) {
        String id = RequestIdFilter.requestId(incoming);

        assertThat(id).isNotEqualTo(incoming);
        assertThatCode(() -> UUID.fromString(id)).doesNotThrowAnyException();
        assertThat(UUID.fromString(id)).hasToString(id);
    }

    @ParameterizedTest
    @ValueSource(ints = {129, 200})
    void replacesAnOverlongIdByAFreshUuid(int length) {
        String incoming = "a".repeat(length);

        String id = RequestIdFilter.requestId(incoming);

        assertThat(id).isNotEqualTo(incoming);
        assertThat(UUID.fromString(id)).hasToString(id);
    }

    @Test
    void generatesADifferentIdForEveryRequest() {
        assertThat(RequestIdFilter.requestId(null)).isNotEqualTo(RequestIdFilter.requestId(null));
    }
}
