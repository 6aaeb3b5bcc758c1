package dev.steward.api;

import dev.steward.notify.Notifications;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The notification outbox: every message to every channel, its status, and every attempt to deliver it. */
@RestController
@RequestMapping(path = "/api/v1/notifications", produces = "application/json")
class NotificationsApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Notifications notifications;

    NotificationsApi(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    Map<String, Object> notifications(
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String channel,
            @RequestParam(required = false) @Nullable Long alert,
            @RequestParam(required = false) @Nullable Integer limit) {
        if (status != null && !Notifications.STATUSES.contains(status)) {
            throw ApiProblems.badRequest(
                    "status",
                    "\"" + status + "\" is not a notification status; use "
                            + String.join(", ", Notifications.STATUSES));
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiProblems.badRequest("limit", "limit " + size + " is outside 1 to " + MAX_LIMIT);
        }
        return Map.of(
                "notifications",
                notifications
                        .list(
                                Optional.ofNullable(status),
                                Optional.ofNullable(channel),
                                Optional.ofNullable(alert),
                                size)
                        .stream()
                        .map(AlertingModel.Notification::of)
                        .toList());
    }

    @GetMapping("/{id}")
    AlertingModel.NotificationDetail notification(@PathVariable long id) {
        return notifications
                .find(id)
                .map(AlertingModel.NotificationDetail::of)
                .orElseThrow(
                        () -> ApiProblems.notFound("No notification " + id + "; GET /api/v1/notifications lists them"));
    }
}
