package dev.steward.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code maintenance} section: recurring windows (a cron schedule, a duration and a time zone) and one-off
 * windows (start and end), each for some services or all.
 */
final class MaintenanceReader {

    static final ZoneId DEFAULT_ZONE = ScheduleReader.DEFAULT_ZONE;

    static final List<String> MACROS = ScheduleReader.MACROS;

    private final CatalogValues values;
    private final CatalogProblems problems;
    private final ScheduleReader schedules;

    MaintenanceReader(CatalogValues values) {
        this.values = values;
        this.problems = values.problems();
        this.schedules = new ScheduleReader(values);
    }

    /** The valid windows, in file order; every problem of the others is reported. */
    List<MaintenanceWindow> read(YamlValue section, Collection<String> services) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (YamlValue item :
                values.list(section, "a list of maintenance windows, e.g. [{schedule: …, duration: …}]")) {
            window(item, services).ifPresent(windows::add);
        }
        return windows;
    }

    private Optional<MaintenanceWindow> window(YamlValue item, Collection<String> knownServices) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found = YamlMapping.of(
                item,
                problems,
                "a maintenance window, e.g. {services: [api], schedule: \"0 3 * * SUN\", duration: 30m}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping window = found.get();
        window.rejectUnknown(CatalogFields.MAINTENANCE, problems);
        List<String> services =
                window.get("services").map(v -> services(v, knownServices)).orElse(List.of());
        ZoneId zone = window.get("timezone").flatMap(schedules::zone).orElse(DEFAULT_ZONE);
        Optional<MaintenanceWindow.Schedule> schedule = schedule(window, item, zone);
        Optional<String> reason = window.get("reason").flatMap(v -> values.nonBlank(v, "why, e.g. weekly patching"));
        if (problems.errorCount() > errorsBefore || schedule.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MaintenanceWindow(services, schedule.get(), reason, location(item.node())));
    }

    private List<String> services(YamlValue value, Collection<String> known) {
        List<YamlValue> items = values.oneOrMany(value, "a list of service names, e.g. [booky-api]");
        if (items.isEmpty() && value.node() instanceof SequenceNode) {
            problems.error(
                    value.node(),
                    value.path(),
                    "is empty; list the services the window covers, or leave services out to cover every service");
        }
        List<String> services = new ArrayList<>();
        for (YamlValue item : items) {
            if (item.isNull()) {
                problems.error(item.node(), item.path(), "is empty; write a service name");
                continue;
            }
            values.nonBlankText(item, "a service name").ifPresent(text -> {
                CatalogReferences.Reference reference = CatalogReferences.Reference.of(text, item);
                if (!known.contains(reference.name())) {
                    problems.error(
                            item.node(),
                            item.path(),
                            Suggestions.unknownName("service", "services", reference.display(), known));
                }
                services.add(reference.name());
            });
        }
        return services;
    }

    private Optional<MaintenanceWindow.Schedule> schedule(YamlMapping window, YamlValue item, ZoneId zone) {
        Optional<YamlValue> schedule = window.get("schedule").filter(v -> !v.isNull());
        Optional<YamlValue> duration = window.get("duration").filter(v -> !v.isNull());
        Optional<YamlValue> start = window.get("start").filter(v -> !v.isNull());
        Optional<YamlValue> end = window.get("end").filter(v -> !v.isNull());
        boolean recurring = schedule.isPresent() || duration.isPresent();
        boolean once = start.isPresent() || end.isPresent();
        if (recurring && once) {
            problems.error(
                    item.node(),
                    item.path(),
                    "give schedule and duration (a recurring window) or start and end (a one-off window), not both");
            return Optional.empty();
        }
        if (!recurring && !once) {
            problems.error(
                    item.node(),
                    item.path(),
                    "give schedule and duration (e.g. schedule: \"0 3 * * SUN\", duration: 30m) or start and end"
                            + " (e.g. start: 2026-03-01T02:00, end: 2026-03-01T04:00)");
            return Optional.empty();
        }
        if (recurring) {
            Optional<String> cron = required(schedule, item, "schedule", "\"0 3 * * SUN\" or \"@daily\"")
                    .flatMap(schedules::cron);
            Optional<Duration> length = required(duration, item, "duration", "30m")
                    .flatMap(v -> values.duration(v).filter(d -> {
                        if (d.isZero()) {
                            problems.error(v.node(), v.path(), "must be longer than 0, e.g. 30m");
                            return false;
                        }
                        return true;
                    }));
            return cron.flatMap(c -> length.map(d -> new MaintenanceWindow.Schedule.Recurring(c, d, zone)));
        }
        Optional<Instant> from =
                required(start, item, "start", "2026-03-01T02:00").flatMap(v -> instant(v, zone));
        Optional<Instant> to = required(end, item, "end", "2026-03-01T04:00").flatMap(v -> instant(v, zone));
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            problems.error(
                    end.orElseThrow().node(),
                    end.orElseThrow().path(),
                    "is not after start (" + from.get() + " to " + to.get() + "); end must be later than start");
            return Optional.empty();
        }
        return from.flatMap(f -> to.map(t -> new MaintenanceWindow.Schedule.Once(f, t)));
    }

    private Optional<YamlValue> required(Optional<YamlValue> value, YamlValue item, String field, String example) {
        if (value.isEmpty()) {
            problems.error(item.node(), item.path() + "." + field, "required, e.g. " + field + ": " + example);
        }
        return value;
    }

    /** An ISO-8601 date and time: with an offset ({@code Z}, {@code +02:00}) as is, without one in {@code zone}. */
    private Optional<Instant> instant(YamlValue value, ZoneId zone) {
        return values.text(value, "a date and time such as 2026-03-01T02:00").flatMap(text -> {
            String written = text.value().trim().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) +", "$1T");
            try {
                return Optional.of(OffsetDateTime.parse(written).toInstant());
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return Optional.of(LocalDateTime.parse(written).atZone(zone).toInstant());
                } catch (DateTimeParseException e) {
                    problems.error(
                            value.node(),
                            value.path(),
                            text.quoted() + " is not a date and time; write 2026-03-01T02:00 (in the window's"
                                    + " timezone) or 2026-03-01T02:00:00Z");
                    return Optional.empty();
                }
            }
        });
    }

    private String location(Node node) {
        return problems.file() + ":" + CatalogProblems.line(node) + ":" + CatalogProblems.column(node);
    }
}
