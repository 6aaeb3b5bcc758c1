package dev.steward.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers written by the security filters before any controller runs: problem details for API clients, short pages
 * for browsers.
 */
final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    /** Whether the request comes from an API client rather than a page of the UI. */
    static boolean api(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String accept = request.getHeader("Accept");
        return path.startsWith("/api/")
                || request.getHeader("Authorization") != null
                || (accept != null && accept.contains("json") && !accept.contains("text/html"));
    }

    static void write(HttpServletResponse response, int status, String title, String detail, Map<String, Object> extra)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.putAll(extra);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem));
    }

    static void page(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter()
                .write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        + "<link rel=\"stylesheet\" href=\"/css/steward.css\"><title>" + escape(title)
                        + " · Steward</title></head><body><main id=\"content\"><h1>" + escape(title) + "</h1><p>"
                        + escape(detail) + "</p><p><a href=\"/\">Overview</a> · <a href=\"/login\">Sign in</a></p>"
                        + "</main></body></html>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
