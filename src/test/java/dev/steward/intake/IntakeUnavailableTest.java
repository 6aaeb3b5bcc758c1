package dev.steward.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.alert.AlertEngine;
import dev.steward.catalog.Alerting;
import dev.steward.catalog.Catalog;
import dev.steward.config.Secret;
import dev.steward.incident.Incidents;
import dev.steward.notify.Outbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * An alert the engine does not write in time is answered 503 with Retry-After, so the sender tries again (the alert
 * stays queued, and the retry then changes nothing). The engine here is never started, so nothing is ever written.
 */
class IntakeUnavailableTest {

    private static final String TOKEN = "intake-token-for-tests-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReceivedAlerts received = receivedAlerts();
    private final IntakeEvents events = new IntakeEvents(new SimpleMeterRegistry());
    private final IntakeToken token = new IntakeToken(Optional.of(new Secret(TOKEN)));

    private static ReceivedAlerts receivedAlerts() {
        DataSource nowhere = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/never-connected");
        Outbox outbox = new Outbox(JSON, Duration.ofHours(1));
        Incidents incidents = new Incidents(nowhere, outbox, Clock.systemUTC(), Alerting::none);
        AlertEngine stopped = new AlertEngine(
                nowhere,
                JSON,
                Clock.systemUTC(),
                () -> new Catalog("steward.yml", Map.of(), Alerting.none()),
                outbox,
                incidents,
                URI.create("https://steward.example.com"),
                () -> {},
                new SimpleMeterRegistry());
        return new ReceivedAlerts(stopped, incidents, nowhere, Duration.ofMillis(50));
    }

    @Test
    void alertmanagerIsToldToTryAgainWithAProblem() {
        AlertmanagerIntake intake = new AlertmanagerIntake(token, received, events, JSON, Clock.systemUTC());

        ResponseEntity<Object> answer = intake.receive(
                "Bearer " + TOKEN,
                body(AlertmanagerGroupTest.fixture("firing-high-latency.json").toString()));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getBody())
                .isInstanceOfSatisfying(
                        ProblemDetail.class,
                        problem -> assertThat(problem.getDetail())
                                .contains("not written within 50ms")
                                .contains("try again"));
    }

    @Test
    void anEventSenderIsToldToTryAgainInPagerDutysShape() {
        EventsIntake intake = new EventsIntake(token, received, events, JSON, Clock.systemUTC());

        ResponseEntity<Object> answer = intake.enqueue(body("""
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "slow",
                 "payload": {"summary": "s", "source": "h", "severity": "critical"}}""".formatted(TOKEN)));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getBody())
                .isEqualTo(new EventsIntake.EventRejected(
                        "unavailable",
                        "Steward could not write the event yet (not written within 50ms); try again",
                        List.of()));
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
