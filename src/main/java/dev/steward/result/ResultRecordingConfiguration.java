package dev.steward.result;

import dev.steward.probe.ProbeListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands every probe result from the scheduler to the results store. */
@Configuration(proxyBeanMethods = false)
class ResultRecordingConfiguration {

    @Bean
    ProbeListener resultRecorder(ResultStore store) {
        return store::submit;
    }
}
