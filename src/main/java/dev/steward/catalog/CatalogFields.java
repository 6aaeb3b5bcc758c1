package dev.steward.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * The field names the catalog reader accepts, per section: the one list that the reader, its "did you mean" hints and
 * the test keeping the JSON Schema in step all use. Type-specific monitor fields live in {@link MonitorType}.
 */
final class CatalogFields {

    /** Top-level sections this version reads. */
    static final List<String> TOP_LEVEL = List.of(
            "defaults",
            "services",
            "policies",
            "channels",
            "routes",
            "maintenance",
            "incidents",
            "statusPage",
            "backups");

    /** Top-level sections of later features: accepted, not validated, ignored with a warning. */
    static final List<String> LATER_SECTIONS = List.of();

    static final List<String> DEFAULTS = List.of("interval", "timeout", "alert");

    static final List<String> SERVICE = List.of(
            "description", "group", "tags", "owner", "runbook", "links", "dependsOn", "alert", "status", "monitors");

    /** The service's entry on the public status page. */
    static final List<String> SERVICE_STATUS = List.of("public", "name");

    /** The public status page's own settings. */
    static final List<String> STATUS_PAGE = List.of("title");

    /** Fields every monitor accepts, whatever its type. */
    static final List<String> MONITOR = List.of(
            "type", "description", "interval", "timeout", "enabled", "conditions", "warn", "alert", "dependsOn");

    static final List<String> HTTP_AUTH = List.of("basic", "bearer");

    static final List<String> HTTP_BASIC_AUTH = List.of("username", "password");

    static final List<String> POLICY =
            List.of("failureThreshold", "window", "successThreshold", "severity", "repeatEvery", "rules");

    static final List<String> RULE = List.of("measure", "over", "warning", "critical", "for", "warningSeverity");

    /** Fields every channel has. */
    static final List<String> CHANNEL = List.of("type");

    /** The channel types with their own fields, in the order the documentation lists them. */
    static final SequencedMap<String, List<String>> CHANNEL_TYPES = channelTypes();

    static final List<String> ROUTE = List.of("match", "notify");

    /** A route's matcher: each criterion in the singular and the plural, both taking a name or a list. */
    static final List<String> ROUTE_MATCH =
            List.of("service", "services", "group", "groups", "tag", "tags", "severity", "severities");

    static final List<String> ROUTE_STEP = List.of("after", "channels");

    static final List<String> MAINTENANCE =
            List.of("services", "schedule", "duration", "timezone", "start", "end", "reason");

    static final List<String> INCIDENTS = List.of("severity");

    static final List<String> BACKUP = List.of(
            "source",
            "schedule",
            "timezone",
            "format",
            "jobs",
            "compression",
            "globals",
            "storage",
            "retention",
            "encryption",
            "maxAge",
            "service",
            "drill");

    /** Fields every backup storage has. */
    static final List<String> BACKUP_STORAGE = List.of("type");

    /** The storage types with their own fields. */
    static final SequencedMap<String, List<String>> BACKUP_STORAGE_TYPES = storageTypes();

    static final List<String> BACKUP_RETENTION = List.of("keepLast", "daily", "weekly", "monthly", "minVerified");

    static final List<String> BACKUP_ENCRYPTION = List.of("keyFile", "key");

    static final List<String> BACKUP_DRILL = List.of("schedule", "server", "rowTolerance", "checks");

    static final List<String> BACKUP_DRILL_CHECK = List.of("sql", "expect");

    private static SequencedMap<String, List<String>> channelTypes() {
        SequencedMap<String, List<String>> types = new LinkedHashMap<>();
        types.put("webhook", List.of("url", "secret", "headers"));
        types.put("slack", List.of("url"));
        types.put("email", List.of("to", "smtp", "from"));
        types.put("pagerduty", List.of("routingKey", "url"));
        return Collections.unmodifiableSequencedMap(types);
    }

    private static SequencedMap<String, List<String>> storageTypes() {
        SequencedMap<String, List<String>> types = new LinkedHashMap<>();
        types.put("local", List.of("path"));
        types.put("s3", List.of("endpoint", "region", "bucket", "prefix", "pathStyle", "accessKey", "secretKey"));
        return Collections.unmodifiableSequencedMap(types);
    }

    private CatalogFields() {}
}
