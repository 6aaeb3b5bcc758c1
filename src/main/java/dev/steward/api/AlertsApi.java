package dev.steward.api;

import dev.steward.alert.Alerts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Alerts: Steward's own (a monitor's failures, threshold rules) and received ones, with their phase changes. */
@RestController
@RequestMapping(path = "/api/v1/alerts", produces = "application/json")
class AlertsApi {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 1000;

    private static final Map<String, Set<String>> PHASES = Map.of(
            "active", Set.of("pending", "firing"),
            "firing", Set.of("firing"),
            "pending", Set.of("pending"),
            "ok", Set.of("ok"),
            "all", Set.of("ok", "pending", "firing"));

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final Alerts alerts;
    private final JsonMapper json;

    AlertsApi(Alerts alerts, JsonMapper json) {
        this.alerts = alerts;
        this.json = json;
    }

    @GetMapping
    Map<String, Object> alerts(
            @RequestParam(required = false) @Nullable String phase,
            @RequestParam(required = false) @Nullable String service,
            @RequestParam(required = false) @Nullable Integer limit) {
        String which = phase == null ? "active" : phase;
        Set<String> phases = PHASES.get(which);
        if (phases == null) {
            throw ApiProblems.badRequest(
                    "phase",
                    "\"" + which + "\" is not a phase; use active (pending or firing, the default), firing, pending,"
                            + " ok or all");
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiProblems.badRequest("limit", "limit " + size + " is outside 1 to " + MAX_LIMIT);
        }
        return Map.of(
                "alerts",
                alerts.list(phases, Optional.ofNullable(service), size).stream()
                        .map(AlertingModel.Alert::of)
                        .toList());
    }

    @GetMapping("/{id}")
    AlertingModel.AlertDetail alert(@PathVariable long id) {
        Alerts.AlertDetail detail = alerts.find(id)
                .orElseThrow(
                        () -> ApiProblems.notFound("No alert " + id + "; GET /api/v1/alerts?phase=all lists them"));
        List<AlertingModel.AlertTransition> transitions = detail.transitions().stream()
                .map(transition -> new AlertingModel.AlertTransition(
                        transition.at().toString(),
                        transition.transition(),
                        transition.from(),
                        transition.to(),
                        transition.severity(),
                        cause(transition.cause())))
                .toList();
        return new AlertingModel.AlertDetail(AlertingModel.Alert.of(detail.alert()), transitions);
    }

    /** The stored cause as an object; a cause that is not one (never written by Steward) is kept as text. */
    private Map<String, Object> cause(String stored) {
        try {
            Map<String, Object> cause = json.readValue(stored, OBJECT);
            return cause == null ? Map.of() : cause;
        } catch (JacksonException e) {
            return Map.of("text", stored);
        }
    }
}
