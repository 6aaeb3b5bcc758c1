package dev.steward.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every channel says about a message, in the same words: the headline, the facts (service, severity, since, last
 * error, links) and durations. Times are relative to the message's own {@code at}, never to the clock, so a retried
 * message reads the same as its first attempt.
 */
final class Wording {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** One labelled value of a message, e.g. {@code Service: booky-api}. */
    record Fact(String label, String value, boolean link) {}

    private Wording() {}

    /** The state a message announces, upper case: FIRING, STILL FIRING, ACKNOWLEDGED, RESOLVED. */
    static String state(Message message) {
        return switch (message.event()) {
            case TRIGGER -> "FIRING";
            case REPEAT -> "STILL FIRING";
            case ACKNOWLEDGE -> "ACKNOWLEDGED";
            case RESOLVE -> "RESOLVED";
        };
    }

    /** E.g. {@code FIRING high: booky-api/health is down}, with {@code [TEST] } in front of a test send. */
    static String headline(Message message) {
        return (message.test() ? "[TEST] " : "")
                + state(message)
                + " "
                + message.severity().code()
                + ": "
                + oneLine(message.title());
    }

    /** The headline plus what changed: who acknowledged, how long a resolved alert lasted. */
    static String headlineWithOutcome(Message message) {
        return headline(message)
                + outcome(message).map(outcome -> " (" + outcome + ")").orElse("");
    }

    /** {@code lasted 12m 30s} for a resolve, {@code by alice} for an acknowledge, empty otherwise. */
    static Optional<String> outcome(Message message) {
        return switch (message.event()) {
            case RESOLVE -> Optional.of("lasted " + duration(lasted(message)));
            case ACKNOWLEDGE -> message.acknowledgedBy().map(who -> "by " + oneLine(who));
            case TRIGGER, REPEAT -> Optional.empty();
        };
    }

    /** How long the alert fired: from {@code since} to the message's {@code at}. */
    static Duration lasted(Message message) {
        Duration lasted = Duration.between(message.since(), message.at());
        return lasted.isNegative() ? Duration.ZERO : lasted;
    }

    /** The facts every channel shows, in order; absent values are left out. */
    static List<Fact> facts(Message message) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Service", message.service(), false));
        message.monitor().ifPresent(monitor -> facts.add(new Fact("Monitor", monitor, false)));
        facts.add(new Fact("Severity", message.severity().code(), false));
        facts.add(new Fact("Since", since(message), false));
        message.lastError().ifPresent(error -> facts.add(new Fact("Last error", error, false)));
        if (message.event() == Message.Event.ACKNOWLEDGE) {
            message.acknowledgedBy().ifPresent(who -> facts.add(new Fact("Acknowledged by", who, false)));
        }
        message.incidentId().ifPresent(id -> facts.add(new Fact("Incident", "#" + id, false)));
        facts.add(new Fact("Steward", message.link().toString(), true));
        message.runbook().ifPresent(runbook -> facts.add(new Fact("Runbook", runbook.toString(), true)));
        return facts;
    }

    /**
     * E.g. {@code 2025-03-01 10:15:00 UTC (firing for 12m 30s)} or, resolved, {@code ... (lasted 12m 30s)}; just the
     * time when the message is as old as the alert.
     */
    static String since(Message message) {
        Duration lasted = lasted(message);
        if (lasted.toSeconds() < 1) {
            return time(message.since());
        }
        String how = message.event() == Message.Event.RESOLVE ? "lasted " : "firing for ";
        return time(message.since()) + " (" + how + duration(lasted) + ")";
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** {@code 45s}, {@code 12m 30s}, {@code 3h 5m}, {@code 2d 4h}: the two largest units. */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long rest = seconds % 60;
        if (days > 0) {
            return hours > 0 ? days + "d " + hours + "h" : days + "d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
        }
        if (minutes > 0) {
            return rest > 0 ? minutes + "m " + rest + "s" : minutes + "m";
        }
        return rest + "s";
    }

    /** Line breaks and other control characters become spaces: for subjects, headers and one-line texts. */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return line.toString().strip();
    }

    /** At most {@code max} characters, ending in an ellipsis when cut. */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
