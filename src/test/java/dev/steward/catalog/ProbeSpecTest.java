package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeSpecTest {

    @Test
    void anHttpTargetShownByTheApiCarriesNoCredentialsFromTheUrl() {
        ProbeSpec.Http http = new ProbeSpec.Http(
                "GET",
                URI.create("https://monitor:s3cret@api.example.com:8443/health?token=abc123"),
                Map.of(),
                Optional.empty(),
                true,
                Optional.empty(),
                false);

        assertThat(http.target()).isEqualTo("GET https://api.example.com:8443/health?…");
    }

    @Test
    void anHttpTargetWithoutQueryOrPortIsShownAsWritten() {
        ProbeSpec.Http http = new ProbeSpec.Http(
                "HEAD",
                URI.create("http://localhost/readyz"),
                Map.of(),
                Optional.empty(),
                true,
                Optional.empty(),
                false);

        assertThat(http.target()).isEqualTo("HEAD http://localhost/readyz");
    }
}
