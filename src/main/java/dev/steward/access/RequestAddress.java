package dev.steward.access;

import dev.steward.ops.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;

/** The client address of a request as the audit log and the sign-in limits see it (TRUST_PROXY honoured). */
final class RequestAddress {

    private RequestAddress() {}

    static String of(HttpServletRequest request, int trustedProxyHops) {
        return ClientAddress.of(request, trustedProxyHops);
    }
}
