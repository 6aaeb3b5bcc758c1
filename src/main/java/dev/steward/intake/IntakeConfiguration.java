package dev.steward.intake;

import dev.steward.alert.AlertEngine;
import dev.steward.config.Settings;
import dev.steward.incident.Incidents;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the intake endpoints to the token, the alert engine and incidents. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    @Bean
    IntakeToken intakeToken(Settings settings) {
        return new IntakeToken(settings.intakeToken());
    }

    @Bean
    ReceivedAlerts receivedAlerts(AlertEngine engine, Incidents incidents, DataSource dataSource) {
        return new ReceivedAlerts(engine, incidents, dataSource, ReceivedAlerts.TIMEOUT);
    }

    @Bean
    IntakeEvents intakeEvents(MeterRegistry meters) {
        return new IntakeEvents(meters);
    }
}
