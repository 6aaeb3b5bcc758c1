package dev.steward.cli;

import dev.steward.StewardServer;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;

@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = {
            "Start the Steward server.",
            "Settings come from environment variables (see README, Configuration). Without DATABASE_URL an embedded"
                    + " PostgreSQL keeps its data under STEWARD_DATA_DIR (default ./data)."
        })
final class StartCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    StartCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        TerminationSignal.exitZeroOnStopSignals();
        ConfigurableApplicationContext context;
        try {
            context = StewardServer.start(environment);
        } catch (RuntimeException alreadyLogged) {
            return 1; // the FATAL line with its error code has been written by StartupFailureReporter
        }
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        if (context.isActive()) {
            closed.await();
        }
        return 0;
    }
}
