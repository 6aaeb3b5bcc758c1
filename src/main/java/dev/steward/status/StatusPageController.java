package dev.steward.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The public status page at {@code /status}: no sign-in, no JavaScript, one stylesheet of its own. */
@Controller
class StatusPageController {

    /** How long browsers and proxies may keep the page: about as long as the model is kept. */
    static final CacheControl CACHE =
            CacheControl.maxAge(Duration.ofSeconds(10)).cachePublic();

    private final StatusPageCache page;

    StatusPageController(StatusPageCache page) {
        this.page = page;
    }

    @GetMapping({"/status", "/status/"})
    String status(Model model, jakarta.servlet.http.HttpServletResponse response) {
        response.setHeader("Cache-Control", CACHE.getHeaderValue());
        model.addAttribute("page", page.current());
        model.addAttribute("times", new Times());
        return "status/page";
    }

    /** Times as the page writes them: UTC, to the minute. */
    static final class Times {

        private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern(
                        "d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
                .withZone(ZoneOffset.UTC);

        private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

        /** E.g. {@code 3 May 2026, 14:05 UTC}. */
        public String minute(Instant instant) {
            return MINUTE.format(instant);
        }

        /** For {@code <time datetime>}. */
        public String iso(Instant instant) {
            return ISO.format(instant);
        }
    }
}
