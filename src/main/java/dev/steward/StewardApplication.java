package dev.steward;

import dev.steward.cli.StewardCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Steward: the server ({@code steward start}) and its command line, in one executable jar. */
@SpringBootApplication
public class StewardApplication {

    public static void main(String[] args) {
        System.exit(StewardCommand.execute(args));
    }
}
