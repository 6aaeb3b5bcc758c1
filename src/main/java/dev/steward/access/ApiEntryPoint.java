package dev.steward.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** 401 for API clients that did not say who they are: a problem that says how to. */
final class ApiEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        Problems.write(
                response,
                401,
                "Unauthorized",
                "sign in first: send 'Authorization: Bearer <API token>' (create one under Admin → API tokens or with"
                        + " 'steward token create'), or POST /api/auth/login for a session",
                Map.of());
    }
}
