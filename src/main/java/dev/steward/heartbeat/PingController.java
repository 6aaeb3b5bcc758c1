package dev.steward.heartbeat;

import dev.steward.config.Settings;
import dev.steward.ops.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ping API, compatible with Healthchecks' so that existing cron lines only change the host: {@code /ping/<uuid>}
 * (success), {@code /start}, {@code /fail}, {@code /<exit-status>} (0 success, 1–255 failure) and {@code /log}, by
 * GET, POST or HEAD, with an optional {@code ?rid=<uuid>} run id. A POST body's first 100,000 bytes are kept as the
 * run's log. Answers are short plain text: {@code OK}, {@code not found}, or what is wrong. No sign-in: the UUID is
 * the secret.
 */
@RestController
class PingController {

    /** How much of a body beyond the kept part is read and dropped, so that the answer is not a reset connection. */
    static final int MAX_DRAINED = 10 * 1024 * 1024;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern EXIT_STATUS = Pattern.compile("\\d{1,9}");
    private static final int MAX_USER_AGENT = 500;

    private final Heartbeats heartbeats;
    private final int trustedProxyHops;

    PingController(Heartbeats heartbeats, Settings settings) {
        this.heartbeats = heartbeats;
        this.trustedProxyHops = settings.trustProxyHops();
    }

    @RequestMapping(
            path = "/ping/{uuid}",
            method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.HEAD})
    ResponseEntity<String> success(@PathVariable String uuid, HttpServletRequest request) {
        return ping(uuid, null, request);
    }

    @RequestMapping(
            path = "/ping/{uuid}/{signal}",
            method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.HEAD})
    ResponseEntity<String> signal(@PathVariable String uuid, @PathVariable String signal, HttpServletRequest request) {
        return ping(uuid, signal, request);
    }

    private ResponseEntity<String> ping(String uuidText, @Nullable String signalText, HttpServletRequest request) {
        if (!UUID_TEXT.matcher(uuidText).matches()) {
            return answer(HttpStatus.NOT_FOUND, "not found");
        }
        Optional<Heartbeats.Signal> signal = signal(signalText);
        if (signal.isEmpty()) {
            return signalText != null && EXIT_STATUS.matcher(signalText).matches()
                    ? answer(HttpStatus.BAD_REQUEST, "the exit status must be 0 to 255")
                    : answer(HttpStatus.NOT_FOUND, "not found");
        }
        // The run id is read from the query string itself: asking the servlet for a parameter would read a form
        // body (curl --data-raw sends one) as parameters, and the log would be lost.
        Optional<String> ridText = rid(request.getQueryString());
        if (ridText.isPresent() && !UUID_TEXT.matcher(ridText.get()).matches()) {
            return answer(HttpStatus.BAD_REQUEST, "rid must be a UUID");
        }
        byte[] body;
        boolean truncated;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(Ping.MAX_BODY);
            truncated = drain(in) > 0;
        } catch (IOException e) {
            return answer(HttpStatus.BAD_REQUEST, "the request's body could not be read");
        }
        String userAgent = request.getHeader("User-Agent");
        Heartbeats.Request ping = new Heartbeats.Request(
                body,
                truncated,
                ClientAddress.of(request, trustedProxyHops),
                request.getMethod(),
                Optional.ofNullable(userAgent)
                        .map(agent -> agent.length() > MAX_USER_AGENT ? agent.substring(0, MAX_USER_AGENT) : agent),
                ridText.map(UUID::fromString));
        return switch (heartbeats.ping(UUID.fromString(uuidText), signal.get(), ping)) {
            case OK -> answer(HttpStatus.OK, "OK");
            case NOT_FOUND -> answer(HttpStatus.NOT_FOUND, "not found");
            case UNAVAILABLE -> answer(HttpStatus.SERVICE_UNAVAILABLE, "not stored; try again");
        };
    }

    /** Reads and drops what is left of a body, up to {@link #MAX_DRAINED} bytes; answers how much there was. */
    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long drained = 0;
        int read;
        while (drained < MAX_DRAINED && (read = in.read(buffer)) >= 0) {
            drained += read;
        }
        return drained;
    }

    /** {@code null} is success; a number 0–255 is an exit status; anything else is no signal. */
    static Optional<Heartbeats.Signal> signal(@Nullable String text) {
        if (text == null) {
            return Optional.of(new Heartbeats.Signal(Ping.Kind.SUCCESS, OptionalInt.empty()));
        }
        return switch (text) {
            case "start" -> Optional.of(new Heartbeats.Signal(Ping.Kind.START, OptionalInt.empty()));
            case "fail" -> Optional.of(new Heartbeats.Signal(Ping.Kind.FAIL, OptionalInt.empty()));
            case "log" -> Optional.of(new Heartbeats.Signal(Ping.Kind.LOG, OptionalInt.empty()));
            default -> {
                if (!EXIT_STATUS.matcher(text).matches()) {
                    yield Optional.empty();
                }
                int status = Integer.parseInt(text);
                if (status > 255) {
                    yield Optional.empty();
                }
                yield Optional.of(new Heartbeats.Signal(
                        status == 0 ? Ping.Kind.SUCCESS : Ping.Kind.FAIL, OptionalInt.of(status)));
            }
        };
    }

    /** The {@code rid} parameter of a query string, decoded; empty when there is none or it is empty. */
    static Optional<String> rid(@Nullable String query) {
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (name.equals("rid") && equals >= 0) {
                String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static ResponseEntity<String> answer(HttpStatus status, String text) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(text);
    }
}
