package dev.steward.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address, honouring {@code X-Forwarded-For} only as far as {@code TRUST_PROXY} hops: with one trusted
 * proxy the last entry is the client (the proxy appended it); entries further left could be forged by the client.
 */
public final class ClientAddress {

    private ClientAddress() {}

    /** The client address of {@code request}, trusting {@code trustedHops} proxies in front of Steward. */
    public static String of(HttpServletRequest request, int trustedHops) {
        return resolve(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"), trustedHops);
    }

    static String resolve(String remoteAddress, java.util.Enumeration<String> forwardedHeaders, int trustedHops) {
        if (trustedHops == 0) {
            return remoteAddress;
        }
        List<String> chain = new ArrayList<>();
        while (forwardedHeaders.hasMoreElements()) {
            for (String entry : forwardedHeaders.nextElement().split(",")) {
                if (!entry.isBlank()) {
                    chain.add(entry.trim());
                }
            }
        }
        if (chain.isEmpty()) {
            return remoteAddress;
        }
        return chain.get(Math.max(0, chain.size() - trustedHops));
    }
}
