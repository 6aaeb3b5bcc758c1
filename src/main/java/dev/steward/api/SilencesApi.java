package dev.steward.api;

import dev.steward.access.AccessException;
import dev.steward.access.Actors;
import dev.steward.alert.Alerts;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogService;
import dev.steward.catalog.MonitoredService;
import dev.steward.catalog.Severity;
import dev.steward.config.Durations;
import dev.steward.notify.Silences;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Silences: created by a person for a while and a reason, matched against alerts by service, monitor, tag and
 * severity; a silenced notification is recorded as suppressed, never sent.
 */
@RestController
@RequestMapping(path = "/api/v1/silences", produces = "application/json")
class SilencesApi {

    static final List<String> FIELDS =
            List.of("service", "monitor", "tag", "severity", "author", "reason", "startsAt", "endsAt", "duration");

    /** How many known names a message lists. */
    private static final int LISTED = 12;

    private static final Logger log = LoggerFactory.getLogger(SilencesApi.class);

    private final Silences silences;
    private final Alerts alerts;
    private final CatalogService catalog;
    private final Clock clock;

    SilencesApi(Silences silences, Alerts alerts, CatalogService catalog, Clock clock) {
        this.silences = silences;
        this.alerts = alerts;
        this.catalog = catalog;
        this.clock = clock;
    }

    @GetMapping
    Map<String, Object> silences(@RequestParam(required = false) @Nullable Boolean all) {
        Instant now = clock.instant();
        return Map.of(
                "silences",
                silences.list(Boolean.TRUE.equals(all)).stream()
                        .map(silence -> AlertingModel.Silence.of(silence, now))
                        .toList());
    }

    @GetMapping("/{id}")
    AlertingModel.Silence silence(@PathVariable long id) {
        return silences.find(id)
                .map(silence -> AlertingModel.Silence.of(silence, clock.instant()))
                .orElseThrow(() -> notFound(id));
    }

    @PostMapping
    ResponseEntity<AlertingModel.Silence> create(
            @RequestBody(required = false) @Nullable JsonNode body, Principal principal) {
        Silences.Request request = request(new RequestFields(body, FIELDS), principal);
        Silences.Silence created = silences.create(request);
        log.atInfo()
                .addKeyValue("event", "silence_created")
                .addKeyValue("silence", created.id())
                .addKeyValue("author", created.author())
                .addKeyValue("endsAt", created.endsAt())
                .log("silence created through the API: " + created.describe());
        return ResponseEntity.created(URI.create("/api/v1/silences/" + created.id()))
                .body(AlertingModel.Silence.of(created, clock.instant()));
    }

    @DeleteMapping("/{id}")
    AlertingModel.Silence expire(
            @PathVariable long id, @RequestParam(required = false) @Nullable String author, Principal principal) {
        if (author != null && author.length() > RequestFields.AUTHOR_LENGTH) {
            throw ApiProblems.badRequest(
                    "author", "author is longer than " + RequestFields.AUTHOR_LENGTH + " characters");
        }
        try {
            author = Actors.name(principal, Optional.ofNullable(author));
        } catch (AccessException e) {
            throw ApiProblems.badRequest("author", e.getMessage());
        }
        Silences.Silence expired = silences.expire(id, author.strip()).orElseThrow(() -> notFound(id));
        log.atInfo()
                .addKeyValue("event", "silence_expired")
                .addKeyValue("silence", id)
                .addKeyValue("author", author.strip())
                .log("silence ended through the API");
        return AlertingModel.Silence.of(expired, clock.instant());
    }

    /** The silence the body asks for; a 422 naming every problem when it cannot be created. */
    private Silences.Request request(RequestFields fields, Principal principal) {
        Instant now = clock.instant();
        Optional<String> service = fields.optionalText("service", 200);
        Optional<String> monitor = fields.optionalText("monitor", 200);
        Optional<String> tag = fields.optionalText("tag", 200);
        Optional<Severity> severity = fields.optionalText("severity", 20).flatMap(text -> severity(fields, text));
        String author = fields.actor(principal);
        String reason = fields.text("reason").orElse("").strip();
        if (reason.length() > RequestFields.TEXT_LENGTH) {
            fields.problem("reason", "longer than " + RequestFields.TEXT_LENGTH + " characters");
        }
        // Start now unless told otherwise, and say so: the end of a duration counts from the same instant.
        Optional<Instant> startsAt = fields.optionalText("startsAt", 100)
                .map(text -> time(fields, "startsAt", text))
                .orElse(Optional.of(now));
        Optional<String> endsText = fields.optionalText("endsAt", 100);
        Optional<String> durationText = fields.optionalText("duration", 20);
        Optional<Instant> endsAt = Optional.empty();
        if (endsText.isPresent() && durationText.isPresent()) {
            fields.problem("duration", "give endsAt or duration, not both");
        } else if (endsText.isPresent()) {
            endsAt = time(fields, "endsAt", endsText.get());
        } else if (durationText.isPresent()) {
            Optional<Duration> duration = Durations.parse(durationText.get()).filter(d -> !d.isZero());
            if (duration.isEmpty()) {
                fields.problem(
                        "duration", "\"" + durationText.get() + "\" is not a duration; write e.g. 30m, 2h or 1d");
            }
            endsAt = duration.map(d -> startsAt.orElse(now).plus(d));
        } else if (!fields.hasProblem("endsAt") && !fields.hasProblem("duration")) {
            fields.problem("duration", "required; say how long, e.g. \"2h\", or give endsAt");
        }
        service.ifPresent(name -> knownService(fields, name));
        monitor.ifPresent(name -> knownMonitor(fields, service, name));
        tag.ifPresent(name -> knownTag(fields, name));

        // Silences.problems needs an end; without a usable one its end checks are skipped (the end is reported above).
        Silences.Request request = new Silences.Request(
                service,
                monitor,
                tag,
                severity,
                author,
                reason,
                startsAt,
                endsAt.orElse(startsAt.orElse(now).plus(Duration.ofHours(1))));
        for (String problem : silences.problems(request)) {
            int colon = problem.indexOf(": ");
            String field = colon < 0 ? "body" : problem.substring(0, colon);
            String message = colon < 0 ? problem : problem.substring(colon + 2);
            if (field.equals("endsAt") && endsAt.isEmpty()) {
                continue;
            }
            fields.problem(field.equals("endsAt") && durationText.isPresent() ? "duration" : field, message);
        }
        fields.check("the silence");
        return request;
    }

    private static Optional<Severity> severity(RequestFields fields, String text) {
        try {
            return Optional.of(Severity.valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            fields.problem(
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

    private static Optional<Instant> time(RequestFields fields, String field, String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            fields.problem(
                    field,
                    "\"" + text + "\" is not a time; write it as 2026-11-23T22:00:00Z or with an offset,"
                            + " 2026-11-23T23:00:00+01:00");
            return Optional.empty();
        }
    }

    /**
     * A service must be one Steward knows: from the catalog or from stored alerts (received alerts name services the
     * catalog does not have). A misspelt name would silence nothing while its author thinks otherwise.
     */
    private void knownService(RequestFields fields, String name) {
        Catalog current = catalog.current();
        if (current.service(name).isPresent() || alerts.services().contains(name)) {
            return;
        }
        TreeSet<String> known = new TreeSet<>(current.services().keySet());
        known.addAll(alerts.services());
        fields.problem("service", "no service \"" + name + "\" in the catalog or among alerts; " + listing(known));
    }

    private void knownMonitor(RequestFields fields, Optional<String> service, String name) {
        Catalog current = catalog.current();
        TreeSet<String> known = new TreeSet<>(alerts.monitors(service));
        for (MonitoredService candidate : current.services().values()) {
            if (service.isEmpty() || service.get().equals(candidate.name())) {
                candidate.monitors().forEach(m -> known.add(m.key().monitor()));
            }
        }
        if (!known.contains(name)) {
            fields.problem(
                    "monitor",
                    "no monitor \"" + name + "\""
                            + service.map(s -> " in service " + s).orElse("") + "; " + listing(known));
        }
    }

    private void knownTag(RequestFields fields, String name) {
        TreeSet<String> known = new TreeSet<>();
        catalog.current().services().values().forEach(service -> known.addAll(service.tags()));
        if (!known.contains(name)) {
            fields.problem("tag", "no service of the catalog has the tag \"" + name + "\"; " + listing(known));
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

    private static ApiProblems.ApiException notFound(long id) {
        return ApiProblems.notFound("No silence " + id + "; GET /api/v1/silences?all=true lists them");
    }
}
