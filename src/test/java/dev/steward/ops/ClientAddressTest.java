package dev.steward.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static final String REMOTE = "10.0.0.5";

    @Test
    void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
        assertThat(resolve(0, "203.0.113.7")).isEqualTo(REMOTE);
    }

    @Test
    void withOneTrustedProxyTheLastEntryIsTheClient() {
        assertThat(resolve(1, "198.51.100.1, 203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void withTwoTrustedProxiesTheSecondToLastEntryIsTheClient() {
        assertThat(resolve(2, "198.51.100.1, 203.0.113.7, 192.0.2.9")).isEqualTo("203.0.113.7");
    }

    @Test
    void withMoreTrustedProxiesThanEntriesTheLeftmostEntryIsTheClient() {
        assertThat(resolve(5, "198.51.100.1, 203.0.113.7")).isEqualTo("198.51.100.1");
    }

    @Test
    void multipleHeaderLinesAreJoinedInOrder() {
        assertThat(resolve(2, "198.51.100.1, 203.0.113.7", "192.0.2.9")).isEqualTo("203.0.113.7");
        assertThat(resolve(1, "198.51.100.1", "203.0.113.7, 192.0.2.9")).isEqualTo("192.0.2.9");
        assertThat(resolve(3, "198.51.100.1", "203.0.113.7, 192.0.2.9")).isEqualTo("198.51.100.1");
    }

    @Test
    void withoutAForwardedHeaderTheRemoteAddressIsTheClient() {
        assertThat(resolve(1)).isEqualTo(REMOTE);
    }

    @Test
    void blankEntriesAndWhitespaceAreIgnored() {
        assertThat(resolve(1, " 198.51.100.1 ,, 203.0.113.7 , ")).isEqualTo("203.0.113.7");
        assertThat(resolve(1, " ", "")).isEqualTo(REMOTE);
    }

    @Test
    void ipv6EntriesAreReturnedAsWritten() {
        assertThat(resolve(1, "2001:db8::1")).isEqualTo("2001:db8::1");
    }

    private static String resolve(int hops, String... headers) {
        return ClientAddress.resolve(REMOTE, Collections.enumeration(List.of(headers)), hops);
    }
}
