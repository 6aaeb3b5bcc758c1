package dev.steward.catalog;

import java.util.List;

/**
 * The field names the catalog reader accepts, per section: the one list that the reader, its "did you mean" hints and
 * the test keeping the JSON Schema in step all use. Type-specific monitor fields live in {@link MonitorType}.
 */
final class CatalogFields {

    /** Top-level sections this version reads. */
    static final List<String> TOP_LEVEL = List.of("defaults", "services");

    /** Top-level sections of later features: accepted, not validated, ignored with a warning. */
    static final List<String> LATER_SECTIONS = List.of("policies", "channels", "routes", "maintenance", "backups");

    static final List<String> DEFAULTS = List.of("interval", "timeout", "alert");

    static final List<String> SERVICE =
            List.of("description", "group", "tags", "owner", "runbook", "links", "dependsOn", "status", "monitors");

    /** The service's entry on a status page (used by a later feature). */
    static final List<String> SERVICE_STATUS = List.of("public", "name");

    /** Fields every monitor accepts, whatever its type. */
    static final List<String> MONITOR =
            List.of("type", "description", "interval", "timeout", "enabled", "conditions", "warn", "alert");

    static final List<String> HTTP_AUTH = List.of("basic", "bearer");

    static final List<String> HTTP_BASIC_AUTH = List.of("username", "password");

    private CatalogFields() {}
}
