package dev.steward.catalog;

import java.util.Objects;

/**
 * Identifies a monitor across catalog reloads and in stored results: the service's name and the monitor's name, written
 * {@code service/monitor}.
 */
public record MonitorKey(String service, String monitor) implements Comparable<MonitorKey> {

    public MonitorKey {
        Objects.requireNonNull(service);
        Objects.requireNonNull(monitor);
    }

    /** Reads the {@code service/monitor} form; the service name cannot contain a slash, the monitor name can. */
    public static MonitorKey parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not a monitor key (service/monitor): " + text);
        }
        return new MonitorKey(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(MonitorKey other) {
        int byService = service.compareTo(other.service);
        return byService != 0 ? byService : monitor.compareTo(other.monitor);
    }

    @Override
    public String toString() {
        return service + "/" + monitor;
    }
}
