package dev.steward.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Tells how long the overview and the service pages took on the server, in a {@code Server-Timing} header (browsers'
 * developer tools and bench/overview.sh read it): {@code data} for reading states, figures and incidents, {@code
 * render} for the whole page, data included. The page is held in memory until it is complete, so the header can
 * follow it.
 */
@Component
class OverviewServerTiming extends OncePerRequestFilter {

    /** The request attribute where a controller leaves how long reading its data took, in nanoseconds. */
    static final String DATA = OverviewServerTiming.class.getName() + ".data";

    /** Notes on the request how long a controller spent reading its data since {@code startedNanos}. */
    static void dataRead(HttpServletRequest request, long startedNanos) {
        request.setAttribute(DATA, System.nanoTime() - startedNanos);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!request.getMethod().equals("GET")) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/") || path.startsWith("/services/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper page = new ContentCachingResponseWrapper(response);
        long started = System.nanoTime();
        // On an exception the partial page is dropped: the error page replaces it with its own status.
        chain.doFilter(request, page);
        long total = System.nanoTime() - started;
        StringBuilder timing = new StringBuilder();
        if (request.getAttribute(DATA) instanceof Long data) {
            timing.append(metric("data", data, "reading data")).append(", ");
        }
        timing.append(metric("render", total, "whole page"));
        page.setHeader("Server-Timing", timing.toString());
        page.copyBodyToResponse();
    }

    private static String metric(String name, long nanos, String description) {
        return String.format(Locale.ROOT, "%s;dur=%.1f;desc=\"%s\"", name, nanos / 1_000_000.0, description);
    }
}
