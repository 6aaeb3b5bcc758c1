package dev.steward;

import dev.steward.cli.StewardCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Steward: the server ({@code steward start}) and its command line, in one executable jar. */
@SpringBootApplication
public class StewardApplication {

    public static void main(String[] args) {
        // HTTP probes ask for a new connection each time with "Connection: close"; the JDK's client allows that
        // header only with this property, read once when the client first loads (see probe.HttpProber).
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
        System.exit(StewardCommand.execute(args));
    }
}
