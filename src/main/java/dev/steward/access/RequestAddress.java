package dev.steward.access;

import dev.steward.ops.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The client address of a request as the audit log and the sign-in limits see it (TRUST_PROXY honoured). */
final class RequestAddress {

    private RequestAddress() {}

    static String of(HttpServletRequest request, int trustedProxyHops) {
        return ClientAddress.of(request, trustedProxyHops);
    }

    /** The address of the request this thread serves, if it serves one. */
    static Optional<String> current(int trustedProxyHops) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return Optional.of(of(attributes.getRequest(), trustedProxyHops));
        }
        return Optional.empty();
    }
}
