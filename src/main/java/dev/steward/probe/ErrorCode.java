package dev.steward.probe;

import java.util.Locale;

/** Why a probe result is not up. The snake_case codes are stable: users match on them in alerts and scripts. */
public enum ErrorCode {
    /** The target actively refused the connection (nothing listens on the port). */
    CONNECTION_REFUSED,
    /** The connection was reset or closed before an answer. */
    CONNECTION_RESET,
    /** No answer within the monitor's timeout. */
    TIMEOUT,
    /** The host name does not resolve. */
    UNKNOWN_HOST,
    /** No route to the host or network unreachable. */
    HOST_UNREACHABLE,
    /** The TLS handshake failed (untrusted or expired certificate, protocol mismatch). */
    TLS_HANDSHAKE_FAILED,
    /** The certificate does not name the host. */
    HOSTNAME_MISMATCH,
    /** The HTTP status failed a {@code [STATUS]} condition. */
    STATUS_MISMATCH,
    /** The target answered, but a condition failed. */
    CONDITION_FAILED,
    /** The target rejected the credentials. */
    AUTHENTICATION_FAILED,
    /** The query or command failed on the server. */
    QUERY_FAILED,
    /** The DNS query failed or returned an error code. */
    DNS_FAILED,
    /** The target answered something that is not the expected protocol. */
    PROTOCOL_ERROR,
    /** Steward itself failed to run the probe; the message says why. */
    PROBE_ERROR,
    /** A heartbeat's job did not ping by its deadline (the expected time plus grace). */
    HEARTBEAT_MISSED,
    /** A heartbeat's job reported a failure: {@code /fail} or a non-zero exit status. */
    HEARTBEAT_FAILED,
    /** A heartbeat's job pinged {@code /start} and did not finish within its grace time. */
    HEARTBEAT_STARTED_NOT_FINISHED;

    /** The stable snake_case code, e.g. {@code connection_refused}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ErrorCode fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
