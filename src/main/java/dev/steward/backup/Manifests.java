package dev.steward.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backup's {@code manifest.json}: pretty-printed JSON with the field names of {@link BackupManifest} (camelCase),
 * instants in ISO-8601 UTC, absent optional fields left out. Reading accepts fields a newer Steward added within the
 * same version, and refuses a newer version with a message that says to upgrade.
 */
final class Manifests {

    /** The manifest's name next to a backup's objects. */
    static final String FILE_NAME = "manifest.json";

    private static final List<String> REQUIRED = List.of(
            "id",
            "policy",
            "kind",
            "source",
            "database",
            "serverVersion",
            "pgDumpVersion",
            "format",
            "codec",
            "compressedBy",
            "databaseSize",
            "rowCounts",
            "startedAt",
            "finishedAt",
            "dump");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Manifests() {}

    /** The manifest as UTF-8 JSON, ending with a newline. */
    static byte[] write(BackupManifest manifest) {
        String json = JSON.writeValueAsString(manifest);
        return (json + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a manifest.
     *
     * @param key where it was read from, for messages
     * @throws IOException naming the key: not JSON, not a manifest, a newer version, or a field missing or wrong
     */
    static BackupManifest read(String key, byte[] json) throws IOException {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IOException(
                    "backup manifest " + key + " is not valid JSON" + where(e) + ": " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new IOException("backup manifest " + key + " is not a Steward backup manifest: expected a JSON"
                    + " object with a version, found "
                    + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType()));
        }
        JsonNode version = tree.get("version");
        if (version == null || !version.isIntegralNumber()) {
            throw new IOException(
                    "backup manifest " + key + " is not a Steward backup manifest: it has no numeric 'version'");
        }
        if (version.asInt() > BackupManifest.CURRENT_VERSION) {
            throw new IOException("backup manifest " + key + " has version " + version.asInt()
                    + ", written by a newer Steward; this one reads version " + BackupManifest.CURRENT_VERSION
                    + ": upgrade Steward to import it");
        }
        if (version.asInt() < 1) {
            throw new IOException("backup manifest " + key + " has version " + version.asInt()
                    + ", which no Steward writes; the file is damaged");
        }
        List<String> missing = REQUIRED.stream()
                .filter(field -> tree.get(field) == null || tree.get(field).isNull())
                .toList();
        if (!missing.isEmpty()) {
            throw new IOException("backup manifest " + key + " lacks " + String.join(", ", missing)
                    + "; the file is damaged or was not written by Steward");
        }
        try {
            return JSON.treeToValue(tree, BackupManifest.class);
        } catch (JacksonException e) {
            String field = e.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : String.valueOf(reference.getIndex()))
                    .collect(Collectors.joining("."));
            throw new IOException("backup manifest " + key + " is not valid"
                    + (field.isEmpty() ? "" : ": '" + field + "'") + ": " + e.getOriginalMessage());
        }
    }

    private static String where(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
