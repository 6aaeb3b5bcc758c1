package dev.steward.web;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.MonitoredService;
import dev.steward.catalog.Severity;
import dev.steward.config.Durations;
import dev.steward.notify.Silences;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The form that creates a silence, as typed, and its check. The rules and their words are those of
 * {@code POST /api/v1/silences}: {@link Silences#problems} for the silence itself, and the same checks that every name
 * is one Steward knows (a misspelt name would silence nothing while its author thinks otherwise). Only the end may
 * also be given as the browser's date-time field writes it, read as UTC.
 *
 * @param duration how long, e.g. {@code 2h}; or give {@code endsAt}
 * @param endsAt when it ends: {@code 2026-11-23T22:00:00Z}, with an offset, or {@code 2026-11-23T22:00} in UTC
 */
record SilenceForm(
        String service, String monitor, String tag, String severity, String duration, String endsAt, String reason) {

    /** The longest name of a service, monitor or tag, as the API takes it. */
    static final int NAME_LENGTH = 200;

    /** The longest reason, as the API takes it. */
    static final int TEXT_LENGTH = 10_000;

    /** How many known names a message lists. */
    private static final int LISTED = 12;

    static SilenceForm empty() {
        return new SilenceForm("", "", "", "", "", "", "");
    }

    static SilenceForm of(
            @Nullable String service,
            @Nullable String monitor,
            @Nullable String tag,
            @Nullable String severity,
            @Nullable String duration,
            @Nullable String endsAt,
            @Nullable String reason) {
        return new SilenceForm(
                text(service), text(monitor), text(tag), text(severity), text(duration), text(endsAt), text(reason));
    }

    /**
     * The silence this form asks for, or the problems with it by field ({@code matchers} for the need of one matcher).
     */
    sealed interface Checked {

        record Valid(Silences.Request request) implements Checked {}

        record Invalid(Map<String, List<String>> problems) implements Checked {}
    }

    /**
     * Checks the form as the API checks a request.
     *
     * @param knownServices the services of stored alerts (received alerts name services the catalog lacks)
     * @param knownMonitors the monitor names of stored alerts, by the service asked for (or every service)
     */
    Checked check(
            String author,
            Instant now,
            Catalog catalog,
            Collection<String> knownServices,
            java.util.function.Function<Optional<String>, Collection<String>> knownMonitors,
            Silences silences) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        Optional<String> service = name("service", this.service, problems);
        Optional<String> monitor = name("monitor", this.monitor, problems);
        Optional<String> tag = name("tag", this.tag, problems);
        Optional<Severity> severity = optional(this.severity).flatMap(text -> severity(text, problems));
        if (reason.length() > TEXT_LENGTH) {
            problem(problems, "reason", "longer than " + TEXT_LENGTH + " characters");
        }
        Optional<String> durationText = optional(duration);
        Optional<String> endsText = optional(endsAt);
        Optional<Instant> end = Optional.empty();
        if (endsText.isPresent() && durationText.isPresent()) {
            problem(problems, "duration", "give endsAt or duration, not both");
        } else if (endsText.isPresent()) {
            end = time(endsText.get(), problems);
        } else if (durationText.isPresent()) {
            Optional<Duration> parsed = Durations.parse(durationText.get()).filter(d -> !d.isZero());
            if (parsed.isEmpty()) {
                problem(
                        problems,
                        "duration",
                        "\"" + durationText.get() + "\" is not a duration; write e.g. 30m, 2h or 1d");
            }
            end = parsed.map(now::plus);
        } else {
            problem(problems, "duration", "required; say how long, e.g. \"2h\", or give endsAt");
        }
        service.ifPresent(name -> knownService(name, catalog, knownServices, problems));
        monitor.ifPresent(name -> knownMonitor(name, service, catalog, knownMonitors.apply(service), problems));
        tag.ifPresent(name -> knownTag(name, catalog, problems));

        Silences.Request request = new Silences.Request(
                service,
                monitor,
                tag,
                severity,
                author,
                reason,
                Optional.of(now),
                end.orElse(now.plus(Duration.ofHours(1))));
        for (String problem : silences.problems(request)) {
            int colon = problem.indexOf(": ");
            String field = colon < 0 ? "matchers" : problem.substring(0, colon);
            String message = colon < 0 ? problem : problem.substring(colon + 2);
            if (field.equals("endsAt") && end.isEmpty()) {
                continue; // the end itself is at fault, and said so above
            }
            problem(problems, field.equals("endsAt") && durationText.isPresent() ? "duration" : field, message);
        }
        return problems.isEmpty() ? new Checked.Valid(request) : new Checked.Invalid(problems);
    }

    private static Optional<String> name(String field, String value, Map<String, List<String>> problems) {
        if (value.length() > NAME_LENGTH) {
            problem(problems, field, "longer than " + NAME_LENGTH + " characters");
        }
        return optional(value);
    }

    private static Optional<Severity> severity(String text, Map<String, List<String>> problems) {
        try {
            return Optional.of(Severity.valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            problem(
                    problems,
                    "severity",
                    "\"" + text + "\" is not a severity; use "
                            + String.join(
                                    ", ",
                                    Arrays.stream(Severity.values())
                                            .map(Severity::code)
                                            .toList()));
            return Optional.empty();
        }
    }

    private static Optional<Instant> time(String text, Map<String, List<String>> problems) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException withoutOffset) {
            try {
                // What <input type="datetime-local"> sends: the form says it is UTC.
                return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                problem(
                        problems,
                        "endsAt",
                        "\"" + text + "\" is not a time; write it as 2026-11-23T22:00:00Z or with an offset,"
                                + " 2026-11-23T23:00:00+01:00");
                return Optional.empty();
            }
        }
    }

    private static void knownService(
            String name, Catalog catalog, Collection<String> fromAlerts, Map<String, List<String>> problems) {
        if (catalog.service(name).isPresent() || fromAlerts.contains(name)) {
            return;
        }
        TreeSet<String> known = new TreeSet<>(catalog.services().keySet());
        known.addAll(fromAlerts);
        problem(problems, "service", "no service \"" + name + "\" in the catalog or among alerts; " + listing(known));
    }

    private static void knownMonitor(
            String name,
            Optional<String> service,
            Catalog catalog,
            Collection<String> fromAlerts,
            Map<String, List<String>> problems) {
        TreeSet<String> known = new TreeSet<>(fromAlerts);
        for (MonitoredService candidate : catalog.services().values()) {
            if (service.isEmpty() || service.get().equals(candidate.name())) {
                candidate.monitors().forEach(m -> known.add(m.key().monitor()));
            }
        }
        if (!known.contains(name)) {
            problem(
                    problems,
                    "monitor",
                    "no monitor \"" + name + "\""
                            + service.map(s -> " in service " + s).orElse("") + "; " + listing(known));
        }
    }

    private static void knownTag(String name, Catalog catalog, Map<String, List<String>> problems) {
        TreeSet<String> known = new TreeSet<>();
        catalog.services().values().forEach(service -> known.addAll(service.tags()));
        if (!known.contains(name)) {
            problem(problems, "tag", "no service of the catalog has the tag \"" + name + "\"; " + listing(known));
        }
    }

    private static String listing(Collection<String> known) {
        if (known.isEmpty()) {
            return "there are none";
        }
        List<String> names = new ArrayList<>(known);
        return "known: " + String.join(", ", names.subList(0, Math.min(LISTED, names.size())))
                + (names.size() > LISTED ? " and " + (names.size() - LISTED) + " more" : "");
    }

    private static void problem(Map<String, List<String>> problems, String field, String message) {
        problems.computeIfAbsent(field, key -> new ArrayList<>()).add(message);
    }

    private static Optional<String> optional(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value.strip();
    }
}
