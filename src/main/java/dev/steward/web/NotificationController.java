package dev.steward.web;

import dev.steward.catalog.CatalogService;
import dev.steward.notify.Notifications;
import dev.steward.notify.Notifications.Attempt;
import dev.steward.notify.Notifications.NotificationView;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The notifications page: the latest messages to each channel, newest first, with their status (why, when
 * suppressed), how often delivery was tried and the last error; each row opens to its delivery attempts.
 */
@Controller
class NotificationController {

    static final int LISTED = 100;

    private final Notifications notifications;
    private final CatalogService catalog;
    private final Clock clock;

    NotificationController(Notifications notifications, CatalogService catalog, Clock clock) {
        this.notifications = notifications;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** One message to one channel, with its attempts (oldest first). */
    record DeliveryRow(
            long id,
            IncidentTimes.Shown created,
            String channel,
            String channelType,
            String event,
            String service,
            String title,
            @Nullable Long alertId,
            @Nullable Long incidentId,
            String status,
            @Nullable String suppressedBecause,
            @Nullable String idempotencyKey,
            int attempts,
            @Nullable String lastError,
            IncidentTimes.@Nullable Shown delivered,
            IncidentTimes.@Nullable Shown nextAttempt,
            List<AttemptRow> attemptRows) {}

    /** One delivery attempt. */
    record AttemptRow(
            IncidentTimes.Shown at,
            String outcome,
            @Nullable Integer statusCode,
            @Nullable String error,
            @Nullable String answer,
            int durationMs) {

        static AttemptRow of(Attempt attempt, IncidentTimes times) {
            return new AttemptRow(
                    times.show(attempt.at()),
                    attempt.outcome(),
                    attempt.statusCode().orElse(null),
                    attempt.error().orElse(null),
                    attempt.answer().orElse(null),
                    attempt.durationMs());
        }
    }

    @GetMapping("/notifications")
    String notifications(
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String channel,
            Model model,
            HttpServletResponse response) {
        Optional<String> chosenStatus = Optional.ofNullable(status).filter(s -> !s.isBlank());
        Optional<String> chosenChannel = Optional.ofNullable(channel).filter(s -> !s.isBlank());
        if (chosenStatus.isPresent() && !Notifications.STATUSES.contains(chosenStatus.get())) {
            model.addAttribute(
                    "error",
                    "\"" + chosenStatus.get() + "\" is not a notification status; use "
                            + String.join(", ", Notifications.STATUSES));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            chosenStatus = Optional.empty();
        }
        IncidentTimes times = new IncidentTimes(clock);
        TreeSet<String> channels =
                new TreeSet<>(catalog.current().alerting().channels().keySet());
        chosenChannel.ifPresent(channels::add);
        model.addAttribute("statuses", Notifications.STATUSES);
        model.addAttribute("status", chosenStatus.orElse(""));
        model.addAttribute("channels", List.copyOf(channels));
        model.addAttribute("channel", chosenChannel.orElse(""));
        model.addAttribute("limit", LISTED);
        model.addAttribute(
                "deliveries",
                notifications.list(chosenStatus, chosenChannel, Optional.empty(), LISTED).stream()
                        .map(notification -> row(notification, times))
                        .toList());
        return "notifications";
    }

    private DeliveryRow row(NotificationView notification, IncidentTimes times) {
        // Attempts are read per row, and only for rows that were tried: a page holds at most LISTED rows.
        List<AttemptRow> attempts = notification.attempts() == 0
                ? List.of()
                : notifications
                        .find(notification.id())
                        .map(detail -> detail.attempts().stream()
                                .map(attempt -> AttemptRow.of(attempt, times))
                                .toList())
                        .orElse(List.of());
        return new DeliveryRow(
                notification.id(),
                times.show(notification.createdAt()),
                notification.channel(),
                notification.channelType(),
                notification.event(),
                notification.service(),
                notification.title(),
                notification.alertId().orElse(null),
                notification.incidentId().orElse(null),
                notification.status(),
                notification
                        .suppressedReason()
                        .map(NotificationController::because)
                        .orElse(null),
                notification.idempotencyKey(),
                notification.attempts(),
                notification.lastError().orElse(null),
                times.show(notification.deliveredAt()),
                times.show(notification.nextAttemptAt()),
                attempts);
    }

    /** Why a message was held back, in words. */
    static String because(String reason) {
        return switch (reason) {
            case "dependency" -> "a service it depends on is failing";
            case "maintenance" -> "a maintenance window is on";
            case "silence" -> "a silence covers it";
            case "trigger_suppressed" -> "its trigger was suppressed";
            default -> reason;
        };
    }
}
