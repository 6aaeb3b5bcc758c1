package dev.steward.cli;

import static dev.steward.cli.BackupCommand.local;
import static dev.steward.cli.BackupCommand.seconds;
import static dev.steward.cli.BackupCommand.size;
import static dev.steward.cli.BackupCommand.text;
import static dev.steward.cli.BackupCommand.took;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Prints a backup as {@code steward backup show} does, from Steward's answer to {@code GET /api/v1/backups/ID}. */
final class BackupShow {

    private BackupShow() {}

    static void print(PrintWriter out, JsonNode body) {
        JsonNode backup = body.path("backup");
        JsonNode manifest = body.path("manifest");
        out.println("Backup " + text(backup.path("id")) + " of " + text(backup.path("policy")) + ": "
                + text(backup.path("status")));
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {
            "kind",
            text(backup.path("kind"))
                    + (backup.path("requestedBy").isString()
                            ? " (by " + backup.path("requestedBy").asString() + ")"
                            : "")
        });
        facts.add(new String[] {"started", local(backup.path("startedAt"))});
        facts.add(new String[] {
            "finished",
            backup.path("finishedAt").isString()
                    ? local(backup.path("finishedAt")) + " (took "
                            + took(backup.path("startedAt"), backup.path("finishedAt")) + ")"
                    : "-"
        });
        facts.add(new String[] {"size", size(backup.path("bytes"))});
        facts.add(new String[] {"sha256", text(backup.path("sha256"))});
        if (backup.path("error").isString()) {
            facts.add(new String[] {"error", backup.path("error").asString()});
        }
        JsonNode progress = body.path("progress");
        if (progress.isObject()) {
            facts.add(new String[] {
                "now",
                BackupFormat.progressText(
                        text(progress.path("phase")),
                        progress.path("bytes").asLong(0),
                        progress.path("total").asLong(-1),
                        BackupCommand.since(progress.path("startedAt")))
            });
        }
        facts(out, facts);
        if (manifest.isObject()) {
            out.println();
            out.println("Manifest:");
            List<String[]> about = new ArrayList<>();
            about.add(new String[] {
                "source", text(manifest.path("source")) + " (database " + text(manifest.path("database")) + ")"
            });
            about.add(new String[] {
                "versions",
                "PostgreSQL " + text(manifest.path("serverVersion")) + ", pg_dump "
                        + text(manifest.path("pgDumpVersion"))
            });
            about.add(new String[] {
                "format",
                text(manifest.path("format")) + ", " + text(manifest.path("codec")) + " (compressed by "
                        + text(manifest.path("compressedBy")) + ")"
            });
            about.add(new String[] {"database size", size(manifest.path("databaseSize")) + " when dumped"});
            about.add(new String[] {
                "encryption",
                manifest.path("encryptionKeyId").isString()
                        ? "key id " + manifest.path("encryptionKeyId").asString()
                        : "none"
            });
            about.add(new String[] {
                "globals", manifest.path("globals").isObject() ? "roles and tablespaces stored" : "not stored"
            });
            about.add(new String[] {"object", text(manifest.path("dump").path("key"))});
            facts(out, about);
            JsonNode counts = manifest.path("rowCounts");
            long rows = 0;
            List<String[]> tables = new ArrayList<>();
            tables.add(new String[] {"  TABLE", "ROWS"});
            for (var entry : counts.properties()) {
                rows += entry.getValue().asLong(0);
                tables.add(new String[] {
                    "  " + entry.getKey(), BackupFormat.count(entry.getValue().asLong(0))
                });
            }
            out.println();
            out.println("Tables (" + counts.size() + ", " + BackupFormat.count(rows) + " rows at dump time):");
            if (counts.isEmpty()) {
                out.println("  none");
            } else {
                TextTable.print(out, rightAlignLast(tables), -1);
            }
        }
        JsonNode copies = body.path("copies");
        if (!copies.isEmpty()) {
            out.println();
            out.println("Copies:");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"  STORAGE", "STATUS", "ERROR"});
            for (JsonNode copy : copies) {
                rows.add(new String[] {
                    "  " + text(copy.path("storage")),
                    text(copy.path("status")),
                    copy.path("error").isString() ? copy.path("error").asString() : ""
                });
            }
            TextTable.print(out, rows, -1);
        }
        out.println();
        JsonNode drills = body.path("drills");
        if (drills.isEmpty()) {
            out.println("Drills: none yet (steward backup verify " + text(backup.path("id")) + ")");
            return;
        }
        out.println("Drills:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"  ID", "STATUS", "STARTED", "RTO", "RPO", "BY", "CHECKED"});
        for (JsonNode drill : drills) {
            rows.add(new String[] {
                "  " + text(drill.path("id")),
                text(drill.path("status")),
                local(drill.path("startedAt")),
                seconds(drill.path("restoreSeconds")),
                seconds(drill.path("backupAgeSeconds")),
                text(drill.path("requestedBy")),
                checked(drill.path("checks"))
            });
        }
        TextTable.print(out, rows, -1);
        JsonNode latest = drills.get(0);
        if (latest.path("error").isString()) {
            out.println("  Drill " + text(latest.path("id")) + " failed: "
                    + latest.path("error").asString());
        }
        JsonNode checks = latest.path("checks").path("checks");
        if (!checks.isEmpty()) {
            out.println();
            out.println("SQL checks of drill " + text(latest.path("id")) + ":");
            List<String[]> lines = new ArrayList<>();
            lines.add(new String[] {"  RESULT", "EXPECT", "READ", "SQL"});
            for (JsonNode check : checks) {
                lines.add(new String[] {
                    "  " + (check.path("failure").isString() ? "failed" : "passed"),
                    text(check.path("expect")),
                    text(check.path("actual")),
                    text(check.path("sql"))
                });
            }
            TextTable.print(out, lines, -1);
        }
    }

    /** What a drill checked, in a few words: {@code 4 tables, 1 SQL check}, with how many failed. */
    static String checked(JsonNode checks) {
        if (!checks.isObject()) {
            return "-";
        }
        int tables = checks.path("tables").size();
        int sql = checks.path("checks").size();
        int failed = 0;
        for (String kind : List.of("tables", "checks")) {
            for (JsonNode item : checks.path(kind)) {
                if (item.path("failure").isString()) {
                    failed++;
                }
            }
        }
        return tables + " table" + (tables == 1 ? "" : "s") + ", " + sql + " SQL check" + (sql == 1 ? "" : "s")
                + (failed > 0 ? ", " + failed + " failed" : "");
    }

    private static void facts(PrintWriter out, List<String[]> facts) {
        for (String[] fact : facts) {
            out.printf("  %-14s%s%n", fact[0], fact[1]);
        }
    }

    /** The table's last column right-aligned, as numbers are (TextTable leaves its last column unpadded). */
    private static List<String[]> rightAlignLast(List<String[]> rows) {
        int width = rows.stream().mapToInt(row -> row[1].length()).max().orElse(0);
        return rows.stream()
                .map(row -> new String[] {row[0], " ".repeat(width - row[1].length()) + row[1]})
                .toList();
    }
}
