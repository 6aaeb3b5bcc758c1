package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.backup.BackupManifest.StoredPart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ManifestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "booky-nightly/20261124T020000Z-3f9a/manifest.json";

    @Test
    void roundTripsAManifestWithEveryField() throws IOException {
        BackupManifest manifest = manifest(
                Optional.of(new StoredPart("booky-nightly/20261124T020000Z-3f9a/globals", 2048, "ab".repeat(32))),
                Optional.of("3f9a01bc"));

        BackupManifest read = Manifests.read(KEY, Manifests.write(manifest));

        assertThat(read).isEqualTo(manifest);
        assertThat(read.rowCounts().keySet()).containsExactly("public.users", "public.orders", "audit.events");
    }

    @Test
    void writesReadableJsonWithIsoInstantsAndLeavesOutAbsentFields() throws IOException {
        BackupManifest manifest = manifest(Optional.empty(), Optional.empty());

        String json = new String(Manifests.write(manifest), StandardCharsets.UTF_8);

        assertThat(json)
                .startsWith("{\n")
                .endsWith("}\n")
                .contains("\"version\" : 1,")
                .contains("\"id\" : \"20261124T020000Z-3f9a\"")
                .contains("\"serverVersion\" : \"15.19\"")
                .contains("\"startedAt\" : \"2026-11-24T02:00:00Z\"")
                .contains("\"finishedAt\" : \"2026-11-24T02:03:17.250Z\"")
                .contains("\"sha256\" : \"" + "0f".repeat(32) + "\"")
                .contains("\"public.users\" : 1200")
                .doesNotContain("globals")
                .doesNotContain("encryptionKeyId")
                .doesNotContain("null");
        assertThat(json.indexOf("\"version\"")).isLessThan(json.indexOf("\"id\""));
        assertThat(Manifests.read(KEY, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(manifest);
    }

    @Test
    void readsFieldsAddedByANewerStewardOfTheSameVersion() throws IOException {
        String json = new String(Manifests.write(manifest(Optional.empty(), Optional.empty())), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\n  \"compressionLevel\" : 3,");

        assertThat(Manifests.read(KEY, json.getBytes(StandardCharsets.UTF_8)).id())
                .isEqualTo("20261124T020000Z-3f9a");
    }

    @Test
    void refusesANewerVersionSayingToUpgrade() {
        String json = new String(Manifests.write(manifest(Optional.empty(), Optional.empty())), StandardCharsets.UTF_8)
                .replace("\"version\" : 1", "\"version\" : 2");

        assertThatThrownBy(() -> Manifests.read(KEY, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessage("backup manifest " + KEY + " has version 2, written by a newer Steward; this one reads"
                        + " version 1: upgrade Steward to import it");
    }

    @Test
    void garbageIsReportedWithTheKeyAndWhere() {
        assertThatThrownBy(() -> Manifests.read(KEY, "{\n  \"version\" : 1,\n  oops".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("backup manifest " + KEY + " is not valid JSON (line 3, column");
        assertThatThrownBy(() -> Manifests.read(KEY, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}))
                .hasMessageStartingWith("backup manifest " + KEY + " is not valid JSON");
        assertThatThrownBy(() -> Manifests.read(KEY, new byte[0])).hasMessageContaining("found nothing");
        assertThatThrownBy(() -> Manifests.read(KEY, "[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("expected a JSON object with a version, found ARRAY");
        assertThatThrownBy(() -> Manifests.read(KEY, "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("backup manifest " + KEY + " is not a Steward backup manifest: it has no numeric"
                        + " 'version'");
    }

    @Test
    void missingAndMistypedFieldsAreNamed() {
        ObjectNode tree = (ObjectNode) JSON.readTree(Manifests.write(manifest(Optional.empty(), Optional.empty())));
        tree.remove("dump");
        tree.remove("policy");

        assertThatThrownBy(() -> Manifests.read(KEY, JSON.writeValueAsBytes(tree)))
                .hasMessage("backup manifest " + KEY + " lacks policy, dump; the file is damaged or was not written"
                        + " by Steward");

        ObjectNode mistyped = (ObjectNode) JSON.readTree(Manifests.write(manifest(Optional.empty(), Optional.empty())));
        mistyped.put("databaseSize", "big");
        assertThatThrownBy(() -> Manifests.read(KEY, JSON.writeValueAsBytes(mistyped)))
                .hasMessageStartingWith("backup manifest " + KEY + " is not valid: 'databaseSize': ");
    }

    private static BackupManifest manifest(Optional<StoredPart> globals, Optional<String> keyId) {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("public.users", 1200L);
        rows.put("public.orders", 98_000L);
        rows.put("audit.events", 0L);
        return new BackupManifest(
                BackupManifest.CURRENT_VERSION,
                "20261124T020000Z-3f9a",
                "booky-nightly",
                "scheduled",
                "db.internal:5432/booky",
                "booky",
                "15.19",
                "15.18",
                "custom",
                "zstd",
                "steward",
                987_654_321L,
                rows,
                Instant.parse("2026-11-24T02:00:00Z"),
                Instant.parse("2026-11-24T02:03:17.250Z"),
                new StoredPart("booky-nightly/20261124T020000Z-3f9a/dump", 123_456_789L, "0f".repeat(32)),
                globals,
                keyId);
    }
}
