package dev.steward.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version from the build information the jar carries. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"steward " + version()};
    }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
