package dev.steward.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /live}: the live stream pages listen to (server-sent events, see {@link LiveStream}). The request's own
 * (virtual) thread writes the events until the page goes away.
 */
@Controller
class LiveController {

    /** Seconds a page waits before trying again when the stream is refused. */
    static final int RETRY_AFTER_SECONDS = 10;

    private final LiveStream stream;

    LiveController(LiveStream stream) {
        this.stream = stream;
    }

    /**
     * @param service only this service's updates (the service page)
     * @param after first replay the kept results the page has not seen: those after this sequence number
     */
    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void live(
            @RequestParam(required = false) @Nullable String service,
            @RequestParam(required = false) @Nullable Long after,
            HttpServletResponse response)
            throws IOException {
        Optional<LiveStream.Subscriber> subscriber =
                stream.subscribe(Optional.ofNullable(service), Optional.ofNullable(after));
        if (subscriber.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.getWriter().write("Too many live pages are open, or Steward is stopping; try again later.\n");
            return;
        }
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no"); // nginx: pass events on at once
        subscriber.get().serve(response.getOutputStream());
    }
}
