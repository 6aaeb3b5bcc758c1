package dev.steward.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of monitor the catalog accepts, with the fields and condition placeholders each one has. */
enum MonitorType {
    HTTP(
            List.of("url", "method", "headers", "body", "followRedirects", "auth", "insecure"),
            List.of("STATUS", "BODY", "RESPONSE_TIME", "IP", "CONNECTED", "CERTIFICATE_EXPIRATION"),
            List.of("[STATUS] < 300")),
    TCP(List.of("host", "port"), List.of("CONNECTED", "RESPONSE_TIME", "IP"), List.of("[CONNECTED] == true")),
    POSTGRES(
            List.of("url", "query"),
            List.of("CONNECTED", "ROWS", "RESULT", "RESPONSE_TIME", "CONNECT_TIME", "QUERY_TIME"),
            List.of()),
    REDIS(List.of("url"), List.of("CONNECTED", "INFO", "RESPONSE_TIME"), List.of()),
    TLS(
            List.of("host", "port", "serverName", "verifyHostname", "insecure"),
            List.of("CONNECTED", "CERTIFICATE_EXPIRATION", "RESPONSE_TIME", "IP"),
            List.of()),
    DNS(
            List.of("name", "queryType", "server", "expect"),
            List.of("DNS_RCODE", "BODY", "IP", "RESPONSE_TIME", "CONNECTED"),
            List.of()),
    /** Not probed: the job pings Steward; no conditions, interval or timeout (see {@link #probed()}). */
    HEARTBEAT(List.of("schedule", "timezone", "grace", "uuid"), List.of(), List.of());

    /** The record types a DNS monitor can query. */
    static final List<String> DNS_QUERY_TYPES = List.of("A", "AAAA", "CNAME", "MX", "NS", "TXT", "SOA", "PTR", "SRV");

    private final List<String> fields;
    private final List<String> placeholders;
    private final List<String> defaultConditions;

    MonitorType(List<String> fields, List<String> placeholders, List<String> defaultConditions) {
        this.fields = fields;
        this.placeholders = placeholders;
        this.defaultConditions = defaultConditions;
    }

    /** The name written in the catalog's {@code type} field. */
    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Fields of this type beside the ones every monitor has. */
    List<String> fields() {
        return fields;
    }

    /** The placeholders this type's probe provides to conditions, without brackets. */
    List<String> placeholders() {
        return placeholders;
    }

    /** The conditions used when a monitor of this type gives none; empty means the probe succeeding is the check. */
    List<String> defaultConditions() {
        return defaultConditions;
    }

    /** False for heartbeats: Steward waits for their pings instead of probing them. */
    boolean probed() {
        return this != HEARTBEAT;
    }

    static Optional<MonitorType> fromCode(String code) {
        return Arrays.stream(values()).filter(type -> type.code().equals(code)).findFirst();
    }

    static List<String> codes() {
        return Arrays.stream(values()).map(MonitorType::code).toList();
    }
}
