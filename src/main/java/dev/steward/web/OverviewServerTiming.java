package dev.steward.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs the overview and the service pages at most {@link #PERMITS} at a time, and tells how long each took on the
 * server in a {@code Server-Timing} header (browsers' developer tools and bench/overview.sh read it): {@code wait}
 * for waiting for a turn, {@code data} for reading states, figures and incidents, {@code render} for the whole page,
 * data included, waiting not.
 *
 * <p>These pages are the UI's only heavy ones: the overview of 2,000 monitors is a megabyte of HTML, made on the
 * CPU. Virtual threads are not time-sliced, so more renders at once than cores would leave no carrier thread for
 * probes, health checks and the API while they run; waiting for a permit parks the request instead. The page is held
 * in memory until it is complete, so the header can come before it (Thymeleaf flushes the response when it ends).
 */
@Component
class OverviewServerTiming extends OncePerRequestFilter {

    /** The request attribute where a controller leaves how long reading its data took, in nanoseconds. */
    static final String DATA = OverviewServerTiming.class.getName() + ".data";

    /** Pages rendered at once: half the cores, at least one. */
    static final int PERMITS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private final Semaphore permits = new Semaphore(PERMITS, true);
    /** The size of the last page, in characters: the next one's buffer starts that large. */
    private final AtomicInteger lastPage = new AtomicInteger(64 * 1024);

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
        long arrived = System.nanoTime();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        try {
            long started = System.nanoTime();
            PageBuffer page = new PageBuffer(response, lastPage.get());
            // On an exception the partial page is dropped: the error page replaces it with its own status.
            chain.doFilter(request, page);
            long total = System.nanoTime() - started;
            if (response.isCommitted()) {
                return; // an error or a redirect went out directly
            }
            StringBuilder timing = new StringBuilder(metric("wait", started - arrived, "waiting for a turn"));
            if (request.getAttribute(DATA) instanceof Long data) {
                timing.append(", ").append(metric("data", data, "reading data"));
            }
            timing.append(", ").append(metric("render", total, "whole page"));
            response.setHeader("Server-Timing", timing.toString());
            lastPage.set(Math.max(16 * 1024, page.writeTo(response)));
        } finally {
            permits.release();
        }
    }

    private static String metric(String name, long nanos, String description) {
        return String.format(Locale.ROOT, "%s;dur=%.1f;desc=\"%s\"", name, nanos / 1_000_000.0, description);
    }

    /**
     * Holds a page's text (or bytes) until it is complete. Characters are kept as characters and encoded once at the
     * end: encoding each of Thymeleaf's many small writes on its own cost a quarter of the overview's time.
     */
    private static final class PageBuffer extends HttpServletResponseWrapper {

        private @Nullable CharArrayWriter text;
        private @Nullable PrintWriter writer;
        private @Nullable ByteArrayOutputStream bytes;
        private @Nullable ServletOutputStream stream;
        private final int expected;

        PageBuffer(HttpServletResponse response, int expected) {
            super(response);
            this.expected = expected;
        }

        @Override
        public PrintWriter getWriter() {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() was called on this response already");
            }
            if (writer == null) {
                text = new CharArrayWriter(expected + expected / 8);
                writer = new PrintWriter(text, false);
            }
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (writer != null) {
                throw new IllegalStateException("getWriter() was called on this response already");
            }
            if (stream == null) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
                bytes = buffer;
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        buffer.write(b);
                    }

                    @Override
                    public void write(byte[] data, int offset, int length) {
                        buffer.write(data, offset, length);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException("the page is buffered; write it blocking");
                    }
                };
            }
            return stream;
        }

        @Override
        public void flushBuffer() {
            // held until the page is complete
        }

        @Override
        public void setContentLength(int length) {
            // the length of what is held is set when it is written
        }

        @Override
        public void setContentLengthLong(long length) {
            // as above
        }

        @Override
        public void resetBuffer() {
            if (text != null) {
                text.reset();
            }
            if (bytes != null) {
                bytes.reset();
            }
            super.resetBuffer();
        }

        @Override
        public void reset() {
            resetBuffer();
            super.reset();
        }

        /** Writes what is held to the response; returns its size (characters or bytes). */
        int writeTo(HttpServletResponse response) throws IOException {
            if (writer != null && text != null) {
                writer.flush();
                PrintWriter out = response.getWriter();
                text.writeTo(out);
                out.flush();
                return text.size();
            }
            if (bytes != null) {
                response.setContentLength(bytes.size());
                bytes.writeTo(response.getOutputStream());
                return bytes.size();
            }
            return 0;
        }
    }
}
