package dev.steward.backup;

import dev.steward.catalog.BackupPolicy;
import dev.steward.config.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Does the work of backups, without scheduling or records: dumps a database through compression, encryption and a
 * checksum into every storage of a policy in one pass and writes the manifest next to it; restores a stored backup
 * into a scratch database and verifies it (a drill) or into a target (a guided restore); deletes, finds and imports
 * backups by their manifests. Used by the server's {@link BackupService} and by {@code steward backup restore}.
 */
public final class BackupEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackupEngine.class);

    static final String MANIFEST = Manifests.FILE_NAME;

    /** The most one SQL check of a drill may run. */
    static final Duration CHECK_TIMEOUT = Duration.ofMinutes(5);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path workDirectory;
    private final DatabaseUrl ownDatabase;
    private final Clock clock;
    private final PgTools tools;
    private final Map<BackupPolicy.Storage, BackupStorage> storages = new ConcurrentHashMap<>();

    /**
     * @param workDirectory where dumps and restores keep temporary files (Steward's data directory)
     * @param ownDatabase Steward's own database: the default drill server and the source {@code steward}
     */
    public BackupEngine(Path workDirectory, DatabaseUrl ownDatabase, Optional<Path> pgBinDir, Clock clock) {
        this.workDirectory = workDirectory;
        this.ownDatabase = ownDatabase;
        this.clock = clock;
        this.tools = PgTools.locate(pgBinDir);
    }

    /** Told how a run, drill or restore advances. */
    public interface Listener {
        void phase(String phase);

        /** Bytes stored (a backup) or read (a restore) so far, and in all when known (else -1). */
        void bytes(long done, long total);
    }

    /** A complete backup: its manifest (as stored) and the outcome per storage. */
    record Stored(BackupManifest manifest, String manifestJson, List<Copies.Outcome> copies) {}

    /** A finished drill. */
    record Drilled(boolean passed, @Nullable Double restoreSeconds, String checksJson, Optional<String> failure) {}

    /** A manifest found in storage. */
    record Found(BackupManifest manifest, String json, int position) {}

    /** A finished guided restore. */
    public record Restored(Duration duration, long bytesRead, int items) {}

    /** The policy's storages, opened once and kept while their settings stay the same. */
    List<BackupStorage> storages(BackupPolicy policy) {
        return policy.storage().stream()
                .map(spec -> storages.computeIfAbsent(spec, BackupStorages::open))
                .toList();
    }

    String describeSource(BackupPolicy policy) {
        return source(policy).describe();
    }

    /** The database a policy dumps: {@code source: steward} is Steward's own. */
    DatabaseUrl source(BackupPolicy policy) {
        return policy.backsUpSteward() ? ownDatabase : policy.source();
    }

    /**
     * What stops a policy's backups on this machine: a missing pg_dump/pg_restore, or a pg_dump older than the
     * source server (which it refuses to dump), each saying what to install. An unreachable source is not a problem
     * here (the run reports it when it happens).
     */
    public List<String> check(BackupPolicy policy) {
        List<String> problems = new ArrayList<>(tools.problems());
        PgTarget target = PgTarget.of(source(policy));
        try (java.sql.Connection connection = target.connect();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet row = statement.executeQuery(
                        "select current_setting('server_version_num')::int, current_setting('server_version')")) {
            row.next();
            tools.dumpProblem(PgVersion.ofServer(row.getInt(1), row.getString(2)), target.describe())
                    .ifPresent(problems::add);
        } catch (java.sql.SQLException e) {
            log.atDebug()
                    .addKeyValue("event", "backup_source_unreachable")
                    .addKeyValue("policy", policy.name())
                    .log("Could not read the server version of {}: {}", target.describe(), e.getMessage());
        }
        return problems;
    }

    // ---- backup

    /** Backs up the policy's source. */
    Stored backup(BackupPolicy policy, String id, String kind, Listener listener) {
        return backup(policy, source(policy), id, kind, listener);
    }

    /**
     * Backs up {@code source} under the policy's settings and storages.
     *
     * @param kind scheduled, manual or safety
     */
    public Stored backup(BackupPolicy policy, DatabaseUrl source, String id, String kind, Listener listener) {
        List<BackupStorage> targets = storages(policy);
        Optional<BackupKey> key = key(policy);
        checkSpace(policy, targets);
        Instant started = clock.instant();
        String prefix = policy.name() + "/" + id + "/";
        String dumpKey = prefix
                + (policy.format() == BackupPolicy.Format.CUSTOM ? "database.dump" : "database.tar")
                + (key.isPresent() ? ".enc" : "");
        PgDump dump = new PgDump(tools, workDirectory);
        listener.phase("dumping");
        Optional<BackupManifest.StoredPart> globals = Optional.empty();
        if (policy.globals()) {
            globals = Optional.of(storeGlobals(policy, source, prefix, targets, key, id, dump));
        }
        Copies copies;
        try {
            copies = new Copies(targets, dumpKey, written -> listener.bytes(written, -1));
        } catch (IOException e) {
            throw BackupException.failed("could not start writing " + dumpKey + ": " + e.getMessage());
        }
        PgDump.Result result;
        HashingOutputStream digest;
        try {
            digest = new HashingOutputStream(copies);
            try (OutputStream sink = key.isPresent() ? new BackupCipher(key.get()).encrypt(digest, id) : digest) {
                result = dump.dump(
                        new PgDump.Request(source, policy.format(), policy.jobs(), policy.compression(), zstdWorkers()),
                        sink);
            }
        } catch (IOException e) {
            copies.abort();
            throw BackupException.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (InterruptedException e) {
            copies.abort();
            Thread.currentThread().interrupt();
            throw BackupException.failed("interrupted: Steward is stopping; the partial dump was discarded");
        } catch (RuntimeException e) {
            copies.abort();
            throw e;
        }
        if (digest.bytes() == 0 || result.dumpBytes() == 0) {
            copies.abort();
            throw BackupException.failed("pg_dump wrote nothing; an empty dump is never a backup");
        }
        listener.phase("completing");
        List<Copies.Outcome> outcomes = copies.complete();
        requireOne(outcomes, "no storage has the backup: ");
        BackupManifest manifest = new BackupManifest(
                BackupManifest.CURRENT_VERSION,
                id,
                policy.name(),
                kind,
                source.describe(),
                PgTarget.of(source).database(),
                result.serverVersion().toString(),
                result.pgDumpVersion().toString(),
                result.archive().formatName(),
                result.archive().codecName(),
                result.archive().compressedByName(),
                result.databaseSize(),
                result.rowCounts(),
                started,
                clock.instant(),
                new BackupManifest.StoredPart(dumpKey, digest.bytes(), digest.sha256Hex()),
                globals,
                key.map(BackupKey::id));
        byte[] manifestBytes = Manifests.write(manifest);
        String json = new String(manifestBytes, StandardCharsets.UTF_8);
        listener.phase("storing manifest");
        List<Copies.Outcome> withManifest = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Copies.Outcome outcome = outcomes.get(i);
            if (outcome.stored().isPresent()) {
                try {
                    writeWhole(targets.get(i), prefix + MANIFEST, manifestBytes);
                } catch (IOException e) {
                    outcome = new Copies.Outcome(
                            Optional.empty(),
                            Optional.of(targets.get(i).describe() + ": the manifest could not be stored: "
                                    + e.getMessage()));
                    deleteQuietly(targets.get(i), dumpKey);
                }
            }
            withManifest.add(outcome);
        }
        requireOne(withManifest, "no storage has the backup's manifest: ");
        return new Stored(manifest, json, withManifest);
    }

    private BackupManifest.StoredPart storeGlobals(
            BackupPolicy policy,
            DatabaseUrl source,
            String prefix,
            List<BackupStorage> targets,
            Optional<BackupKey> key,
            String id,
            PgDump dump) {
        String globalsKey = prefix + "globals.sql" + (key.isPresent() ? ".enc" : "");
        Copies copies;
        try {
            copies = new Copies(targets, globalsKey, written -> {});
        } catch (IOException e) {
            throw BackupException.failed("could not start writing " + globalsKey + ": " + e.getMessage());
        }
        try {
            HashingOutputStream digest = new HashingOutputStream(copies);
            try (OutputStream sink =
                    key.isPresent() ? new BackupCipher(key.get()).encrypt(digest, id + "/globals") : digest) {
                dump.dumpGlobals(source, sink);
            }
            List<Copies.Outcome> outcomes = copies.complete();
            requireOne(outcomes, "the globals could not be stored: ");
            return new BackupManifest.StoredPart(globalsKey, digest.bytes(), digest.sha256Hex());
        } catch (IOException e) {
            copies.abort();
            throw BackupException.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (InterruptedException e) {
            copies.abort();
            Thread.currentThread().interrupt();
            throw BackupException.failed("interrupted: Steward is stopping");
        }
    }

    /** Refuses to start when a local storage has less room than the last backup took (plus a tenth). */
    private void checkSpace(BackupPolicy policy, List<BackupStorage> targets) {
        long last = lastSize(policy, targets);
        if (last <= 0) {
            return;
        }
        for (BackupStorage storage : targets) {
            try {
                OptionalLong free = storage.freeSpace();
                if (free.isPresent() && free.getAsLong() < last + last / 10) {
                    throw BackupException.failed(storage.describe() + " has " + free.getAsLong()
                            + " bytes free, less than the last backup's " + last
                            + " bytes plus a tenth: free some space or lower the retention");
                }
            } catch (IOException e) {
                log.atWarn()
                        .addKeyValue("event", "backup_free_space_unknown")
                        .addKeyValue("storage", storage.describe())
                        .log("Could not read the free space of {}: {}", storage.describe(), e.getMessage());
            }
        }
    }

    private long lastSize(BackupPolicy policy, List<BackupStorage> targets) {
        if (targets.isEmpty()) {
            return 0;
        }
        try {
            return targets.get(0).list(policy.name() + "/").stream()
                    .filter(object -> !object.key().endsWith(MANIFEST))
                    .max(java.util.Comparator.comparing(BackupStorage.StoredObject::key))
                    .map(BackupStorage.StoredObject::size)
                    .orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    // ---- drill and restore

    /** Restores a backup into a scratch database, verifies it, and drops the scratch database. */
    Drilled drill(BackupPolicy policy, BackupRecord backup, List<BackupCopy> copies, Listener listener) {
        BackupManifest manifest = manifestOf(backup);
        int position = copies.stream()
                .filter(copy -> copy.status().equals("complete"))
                .mapToInt(BackupCopy::position)
                .findFirst()
                .orElse(0);
        BackupStorage storage =
                storages(policy).get(Math.min(position, policy.storage().size() - 1));
        DatabaseUrl server = policy.drill().server().orElse(ownDatabase);
        listener.phase("creating scratch database");
        Instant started = clock.instant();
        double restoreSeconds;
        try (ScratchDatabase scratch = ScratchDatabase.create(server, backup.id())) {
            listener.phase("restoring");
            restore(policy, storage, manifest, scratch.url(), PgRestore.Ownership.SKIP, false, listener);
            restoreSeconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
            listener.phase("verifying");
            DrillVerification verification = new DrillVerifier(CHECK_TIMEOUT)
                    .verify(
                            scratch.url(),
                            manifest.rowCounts(),
                            policy.drill().rowTolerance(),
                            policy.drill().checks());
            String checks = JSON.writeValueAsString(verification);
            return new Drilled(
                    verification.passed(),
                    restoreSeconds,
                    checks,
                    verification.passed() ? Optional.empty() : Optional.of(String.join("; ", verification.failures())));
        } catch (IOException e) {
            return new Drilled(false, null, "[]", Optional.of(e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Drilled(false, null, "[]", Optional.of("interrupted: Steward is stopping"));
        }
    }

    /**
     * Restores a stored backup into {@code target}, verifying the object's checksum as it is read.
     *
     * @param clean drop each object before restoring it, for restoring over an existing database
     */
    public Restored restore(
            BackupPolicy policy,
            BackupStorage storage,
            BackupManifest manifest,
            DatabaseUrl target,
            PgRestore.Ownership ownership,
            boolean clean,
            Listener listener)
            throws IOException, InterruptedException {
        Optional<BackupKey> key = key(policy);
        if (manifest.encryptionKeyId().isPresent()) {
            if (key.isEmpty()) {
                throw new IOException("backup " + manifest.id() + " is encrypted (key id "
                        + manifest.encryptionKeyId().get() + ") but policy " + policy.name()
                        + " has no encryption key configured");
            }
            if (!key.get().id().equals(manifest.encryptionKeyId().get())) {
                throw new IOException("backup " + manifest.id() + " was encrypted with key id "
                        + manifest.encryptionKeyId().get() + "; the configured key has id "
                        + key.get().id()
                        + ": configure the key the backup was made with");
            }
        }
        PgArchive archive = PgArchive.ofManifest(manifest.format(), manifest.codec(), manifest.compressedBy());
        long started = System.nanoTime();
        try (InputStream raw = storage.open(manifest.dump().key());
                Verifying verifying = new Verifying(raw, manifest.dump())) {
            InputStream plain = manifest.encryptionKeyId().isPresent()
                    ? new BackupCipher(key.orElseThrow()).decrypt(verifying, manifest.id())
                    : verifying;
            PgRestore.Result result;
            try {
                result = new PgRestore(tools, workDirectory)
                        .restore(
                                new PgRestore.Request(
                                        target,
                                        archive,
                                        PgVersion.parse(manifest.pgDumpVersion()),
                                        Math.max(1, policy.jobs()),
                                        ownership,
                                        clean,
                                        OptionalLong.of(manifest.dump().bytes()),
                                        update -> listener.bytes(
                                                update.bytesRead(),
                                                update.storedBytes().orElse(-1))),
                                plain);
            } catch (IOException e) {
                verifying.drain();
                throw verifying.mismatch().map(IOException::new).orElse(e);
            }
            verifying.drain();
            Optional<String> mismatch = verifying.mismatch();
            if (mismatch.isPresent()) {
                throw new IOException(mismatch.get());
            }
            return new Restored(Duration.ofNanos(System.nanoTime() - started), verifying.bytes(), result.items());
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "backup " + manifest.id() + " is not in " + storage.describe() + ": "
                            + manifest.dump().key() + " is missing",
                    e);
        }
    }

    // ---- for the command line: find a backup anywhere, take a safety backup, restore over a target

    /** A backup found in storage by its manifest. */
    public record Located(BackupPolicy policy, int storage, BackupManifest manifest) {

        /** Where it was found, for messages. */
        public String where() {
            return policy.storage().get(storage).describe();
        }
    }

    /**
     * Finds a backup by id in the storages of the catalog's policies, reading only storage (it works when Steward's
     * own database is lost).
     */
    public Optional<Located> locate(dev.steward.catalog.Catalog catalog, String id) {
        for (BackupPolicy policy : catalog.backups().values()) {
            Optional<Found> found = findManifest(policy, id);
            if (found.isPresent()) {
                return Optional.of(
                        new Located(policy, found.get().position(), found.get().manifest()));
            }
        }
        return Optional.empty();
    }

    /**
     * Backs up {@code target} as it is now into the policy's storages (kind {@code safety}), before a restore
     * overwrites it.
     */
    public BackupManifest safetyBackup(BackupPolicy policy, DatabaseUrl target, Listener listener) {
        return backup(policy, target, newId(clock.instant()), "safety", listener)
                .manifest();
    }

    /**
     * Restores a located backup over {@code target}: objects the backup has are dropped first and restored with their
     * owners (restore the globals first when the roles are missing); objects it lacks stay.
     */
    public Restored restore(Located located, DatabaseUrl target, Listener listener)
            throws IOException, InterruptedException {
        return restore(
                located.policy(),
                storages(located.policy()).get(located.storage()),
                located.manifest(),
                target,
                PgRestore.Ownership.KEEP,
                true,
                listener);
    }

    /** Ids sort by start time: {@code 20261124T020000Z-3f9a}. */
    public static String newId(Instant now) {
        String time = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(now);
        return time + "-"
                + String.format(
                        "%04x", java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
    }

    // ---- retention, recovery, import

    /** Deletes a backup's objects from every storage of the policy, the manifest first. */
    void delete(BackupPolicy policy, String id) {
        String prefix = policy.name() + "/" + id + "/";
        for (BackupStorage storage : storages(policy)) {
            try {
                storage.delete(prefix + MANIFEST);
                for (BackupStorage.StoredObject object : storage.list(prefix)) {
                    storage.delete(object.key());
                }
            } catch (IOException e) {
                throw BackupException.failed(
                        "could not delete backup " + id + " from " + storage.describe() + ": " + e.getMessage());
            }
        }
    }

    /** The manifest of a backup in the first storage that has it. */
    Optional<Found> findManifest(BackupPolicy policy, String id) {
        List<BackupStorage> targets = storages(policy);
        for (int position = 0; position < targets.size(); position++) {
            String key = policy.name() + "/" + id + "/" + MANIFEST;
            try (InputStream in = targets.get(position).open(key)) {
                byte[] bytes = in.readAllBytes();
                return Optional.of(
                        new Found(Manifests.read(key, bytes), new String(bytes, StandardCharsets.UTF_8), position));
            } catch (NoSuchFileException e) {
                // not in this storage
            } catch (IOException e) {
                log.atWarn()
                        .addKeyValue("event", "backup_manifest_unreadable")
                        .addKeyValue("backup", id)
                        .log(
                                "Could not read the manifest of {} in {}: {}",
                                id,
                                targets.get(position).describe(),
                                e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Every manifest in the policy's storages. */
    List<Found> manifests(BackupPolicy policy, List<String> problems) {
        List<Found> found = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<BackupStorage> targets = storages(policy);
        for (int position = 0; position < targets.size(); position++) {
            BackupStorage storage = targets.get(position);
            try {
                for (BackupStorage.StoredObject object : storage.list(policy.name() + "/")) {
                    if (!object.key().endsWith("/" + MANIFEST)) {
                        continue;
                    }
                    try (InputStream in = storage.open(object.key())) {
                        byte[] bytes = in.readAllBytes();
                        BackupManifest manifest = Manifests.read(object.key(), bytes);
                        if (seen.add(manifest.id())) {
                            found.add(new Found(manifest, new String(bytes, StandardCharsets.UTF_8), position));
                        }
                    } catch (IOException | RuntimeException e) {
                        problems.add(storage.describe() + " " + object.key() + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                problems.add(storage.describe() + ": " + e.getMessage());
            }
        }
        return found;
    }

    BackupService.ImportOutcome importFrom(BackupPolicy policy, BackupRecords records) {
        List<String> problems = new ArrayList<>();
        List<Found> found = manifests(policy, problems);
        int added = 0;
        for (Found manifest : found) {
            if (records.imported(
                    manifest.manifest(),
                    manifest.json(),
                    storages(policy).get(manifest.position()).describe())) {
                added++;
            }
        }
        return new BackupService.ImportOutcome(found.size(), added, problems);
    }

    int cleanLeftovers(BackupPolicy policy) {
        int removed = 0;
        for (BackupStorage storage : storages(policy)) {
            try {
                removed += storage.cleanLeftovers();
            } catch (IOException e) {
                log.atWarn()
                        .addKeyValue("event", "backup_leftovers_unremoved")
                        .addKeyValue("storage", storage.describe())
                        .log("Could not remove leftovers in {}: {}", storage.describe(), e.getMessage());
            }
        }
        return removed;
    }

    /** Drops the scratch databases interrupted drills left on Steward's own server and every policy's drill server. */
    void dropScratchLeftovers(java.util.Collection<BackupPolicy> policies) {
        java.util.Set<DatabaseUrl> servers = new java.util.LinkedHashSet<>();
        servers.add(ownDatabase);
        policies.forEach(policy -> policy.drill().server().ifPresent(servers::add));
        for (DatabaseUrl server : servers) {
            try {
                List<String> dropped = ScratchDatabase.dropLeftovers(server);
                if (!dropped.isEmpty()) {
                    log.atInfo()
                            .addKeyValue("event", "drill_leftovers_dropped")
                            .addKeyValue("databases", dropped)
                            .log("Dropped scratch databases interrupted drills left: {}", dropped);
                }
            } catch (IOException e) {
                log.atWarn()
                        .addKeyValue("event", "drill_leftovers_unremoved")
                        .log(
                                "Could not drop scratch databases of interrupted drills on {}: {}",
                                server.describe(),
                                e.getMessage());
            }
        }
    }

    BackupManifest manifestOf(BackupRecord backup) {
        String json = backup.manifest()
                .orElseThrow(() -> BackupException.failed("backup " + backup.id() + " has no manifest"));
        try {
            return Manifests.read(backup.id() + " (as recorded)", json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw BackupException.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static Optional<BackupKey> key(BackupPolicy policy) {
        if (policy.encryption().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BackupKey.load(policy.name(), policy.encryption().get()));
        } catch (IOException e) {
            throw BackupException.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Fails the run when no storage has the object, saying why each failed. */
    private static void requireOne(List<Copies.Outcome> outcomes, String what) {
        if (outcomes.stream().allMatch(outcome -> outcome.stored().isEmpty())) {
            throw BackupException.failed(what
                    + String.join(
                            "; ",
                            outcomes.stream()
                                    .flatMap(outcome -> outcome.failure().stream())
                                    .toList()));
        }
    }

    private static void writeWhole(BackupStorage storage, String key, byte[] bytes) throws IOException {
        try (BackupStorage.Upload upload = storage.create(key)) {
            upload.stream().write(bytes);
            upload.complete();
        }
    }

    private static void deleteQuietly(BackupStorage storage, String key) {
        try {
            storage.delete(key);
        } catch (IOException e) {
            log.atWarn()
                    .addKeyValue("event", "backup_delete_failed")
                    .log("Could not delete {} from {}: {}", key, storage.describe(), e.getMessage());
        }
    }

    /**
     * Threads zstd uses beside the one writing: none on two cores or fewer, where pg_dump, PostgreSQL and Steward's
     * writer already keep both busy (one worker measured slower there), one above.
     */
    private static int zstdWorkers() {
        return Runtime.getRuntime().availableProcessors() > 2 ? 1 : 0;
    }

    @Override
    public void close() {
        storages.values().forEach(BackupStorage::close);
        storages.clear();
    }

    /** Reads a stored object and compares its SHA-256 and size with the manifest's once read to its end. */
    static final class Verifying extends HashingInputStream {
        private final BackupManifest.StoredPart part;
        private @Nullable String mismatch;
        private boolean ended;

        Verifying(InputStream in, BackupManifest.StoredPart part) {
            super(in);
            this.part = part;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                end();
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = super.read(bytes, offset, length);
            if (n < 0) {
                end();
            }
            return n;
        }

        private void end() throws IOException {
            if (ended) {
                return;
            }
            ended = true;
            String actual = sha256Hex();
            if (bytes() != part.bytes() || !actual.equals(part.sha256())) {
                mismatch = "checksum mismatch: " + part.key() + " is " + bytes() + " bytes with SHA-256 " + actual
                        + ", the manifest recorded " + part.bytes() + " bytes with SHA-256 " + part.sha256()
                        + ": the stored object was changed or damaged after the backup";
                throw new IOException(mismatch);
            }
        }

        /** Reads what the restore left unread, so that the whole object is checked. */
        void drain() {
            byte[] buffer = new byte[65536];
            try {
                while (read(buffer, 0, buffer.length) >= 0) {
                    // reading checks
                }
            } catch (IOException e) {
                if (mismatch == null) {
                    mismatch = "the stored object could not be read to its end: " + e.getMessage();
                }
            }
        }

        Optional<String> mismatch() {
            return Optional.ofNullable(mismatch);
        }
    }
}
