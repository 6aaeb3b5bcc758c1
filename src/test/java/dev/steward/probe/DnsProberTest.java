package dev.steward.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ProbeSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

class DnsProberTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final DnsProber prober = new DnsProber();
    private final DnsResponder responder = new DnsResponder(
            Map.of(
                    "api.steward.test.",
                            List.of(a("api.steward.test.", "10.0.0.7"), a("api.steward.test.", "10.0.0.8")),
                    "www.steward.test.",
                            List.of(new CNAMERecord(
                                    name("www.steward.test."), DClass.IN, 60, name("api.steward.test."))),
                    "steward.test.",
                            List.of(new MXRecord(
                                    name("steward.test."), DClass.IN, 60, 10, name("mail.steward.test.")))),
            List.of("silent.steward.test."));

    @AfterEach
    void close() {
        responder.close();
    }

    private ProbeSpec.Dns query(String name, String type, List<String> expected) {
        return new ProbeSpec.Dns(name, type, Optional.of(responder.server()), expected);
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ARecord a(String owner, String address) {
        try {
            return new ARecord(name(owner), DClass.IN, 60, InetAddress.getByName(address));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void reportsTheAnswersOfAnAddressQuery() {
        Observation observation = prober.probe(query("api.steward.test", "A", List.of()), TIMEOUT);

        assertThat(observation.error()).isEmpty();
        assertThat(observation.message()).isEqualTo("NOERROR 10.0.0.7, 10.0.0.8");
        assertThat(observation.facts().text("DNS_RCODE")).contains("NOERROR");
        assertThat(observation.facts().text("BODY")).contains("10.0.0.8");
        assertThat(observation.facts().text("IP")).contains("10.0.0.8");
        assertThat(observation.facts().text("CONNECTED")).contains("true");
        assertThat(observation.facts().text("RESPONSE_TIME")).isPresent();
    }

    @Test
    void reportsTheTargetOfCnameAndMxRecords() {
        assertThat(prober.probe(query("www.steward.test", "CNAME", List.of()), TIMEOUT)
                        .facts()
                        .text("BODY"))
                .contains("api.steward.test.");
        assertThat(prober.probe(query("steward.test", "MX", List.of()), TIMEOUT)
                        .facts()
                        .text("BODY"))
                .contains("mail.steward.test.");
    }

    @Test
    void anUnknownNameIsNxdomain() {
        Observation observation = prober.probe(query("gone.steward.test", "A", List.of()), TIMEOUT);

        assertThat(observation.error()).contains(ErrorCode.DNS_FAILED);
        assertThat(observation.message()).isEqualTo("NXDOMAIN for gone.steward.test");
        assertThat(observation.facts().text("DNS_RCODE")).contains("NXDOMAIN");
        assertThat(observation.facts().text("BODY")).contains("");
    }

    @Test
    void everyExpectedAddressMustBeAmongTheAnswers() {
        Observation allThere = prober.probe(query("api.steward.test", "A", List.of("10.0.0.8", "10.0.0.7")), TIMEOUT);
        Observation oneMissing = prober.probe(query("api.steward.test", "A", List.of("10.0.0.7", "10.0.0.9")), TIMEOUT);

        assertThat(allThere.error()).isEmpty();
        assertThat(oneMissing.error()).contains(ErrorCode.CONDITION_FAILED);
        assertThat(oneMissing.message()).isEqualTo("expected 10.0.0.9 among the answers (10.0.0.7, 10.0.0.8)");
    }

    @Test
    void timesOutWhenTheServerNeverAnswers() {
        Observation observation = prober.probe(query("silent.steward.test", "A", List.of()), Duration.ofMillis(500));

        assertThat(observation.error()).contains(ErrorCode.TIMEOUT);
        assertThat(observation.message()).isEqualTo("timed out after 500ms");
        assertThat(observation.facts().text("CONNECTED")).contains("false");
    }
}
