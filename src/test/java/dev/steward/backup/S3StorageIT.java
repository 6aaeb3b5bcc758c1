package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.backup.BackupStorage.StoredObject;
import dev.steward.backup.BackupStorage.Upload;
import dev.steward.catalog.BackupPolicy;
import dev.steward.config.Secret;
import dev.steward.testing.Ports;
import dev.steward.testing.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/** S3 storage against a real S3-compatible server (S3Proxy) on loopback. */
class S3StorageIT {

    private static final int PART = 8 * 1024 * 1024;

    @RegisterExtension
    static final S3Server s3 = new S3Server();

    private final List<S3Storage> opened = new ArrayList<>();
    private String bucket;
    private S3Storage storage;

    @BeforeEach
    void newBucket() {
        bucket = s3.createBucket("backups-" + UUID.randomUUID().toString().substring(0, 8));
        storage = storage(s3.storage(bucket, "nightly/"));
    }

    @AfterEach
    void closeStorages() {
        opened.forEach(S3Storage::close);
    }

    private S3Storage storage(BackupPolicy.Storage.S3 spec) {
        S3Storage opening = new S3Storage(spec, PART);
        opened.add(opening);
        return opening;
    }

    @Test
    void streamsALargeObjectInPartsInvisibleUntilCompleted() throws Exception {
        byte[] content = random(2 * PART + 3 * 1024 * 1024 + 17); // three parts, the last one short
        String key = "booky-nightly/20261124T020000Z-3f9a/dump";

        try (Upload upload = storage.create(key)) {
            for (int off = 0; off < content.length; off += 100_000) {
                upload.stream().write(content, off, Math.min(100_000, content.length - off));
            }
            assertThat(multipartUploads()).as("a multipart upload is under way").hasSize(1);
            assertThat(storage.list("")).as("nothing listed before completion").isEmpty();
            assertThat(storage.stat(key)).isEmpty();

            StoredObject stored = upload.complete();

            assertThat(stored.key()).isEqualTo(key);
            assertThat(stored.size()).isEqualTo(content.length);
        }

        assertThat(storage.list("")).singleElement().satisfies(object -> {
            assertThat(object.key()).isEqualTo(key);
            assertThat(object.size()).isEqualTo(content.length);
        });
        assertThat(storage.stat(key)).get().extracting(StoredObject::size).isEqualTo((long) content.length);
        try (InputStream in = storage.open(key)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(content));
        }
        assertThat(multipartUploads()).isEmpty();
        assertThat(rawKeys()).containsExactly("nightly/" + key);
    }

    @Test
    void anEncryptedDumpStreamsThroughCipherAndChecksumIntoTheBucketAndBack() throws Exception {
        BackupCipher cipher = new BackupCipher(BackupKey.of(random(32)));
        byte[] dump = random(PART + PART / 2);
        String key = "booky-nightly/20261124T020000Z-3f9a/dump";
        StoredObject stored;
        HashingOutputStream hashing;
        try (Upload upload = storage.create(key)) {
            hashing = new HashingOutputStream(upload.stream());
            try (OutputStream out = cipher.encrypt(hashing, "20261124T020000Z-3f9a/dump")) {
                out.write(dump);
            }
            stored = upload.complete();
        }
        assertThat(stored.size()).isEqualTo(hashing.bytes()).isGreaterThan(dump.length);

        HashingInputStream read = new HashingInputStream(storage.open(key));
        try (InputStream in = cipher.decrypt(read, "20261124T020000Z-3f9a/dump")) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(dump));
        }
        assertThat(read.sha256Hex()).isEqualTo(hashing.sha256Hex());

        // Someone with write access to the bucket flips one byte in the middle of the object.
        byte[] tampered;
        try (InputStream in = storage.open(key)) {
            tampered = in.readAllBytes();
        }
        tampered[tampered.length / 2] ^= 0x40;
        s3.client().putObject(b -> b.bucket(bucket).key("nightly/" + key), RequestBody.fromBytes(tampered));

        HashingInputStream again = new HashingInputStream(storage.open(key));
        assertThatThrownBy(() -> {
                    try (InputStream in = cipher.decrypt(again, "20261124T020000Z-3f9a/dump")) {
                        in.readAllBytes();
                    }
                })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("backup object 20261124T020000Z-3f9a/dump is damaged or was tampered with");
        assertThat(sha256(tampered)).isNotEqualTo(hashing.sha256Hex());
    }

    @Test
    void smallAndEmptyObjectsAreWrittenInOneRequest() throws Exception {
        byte[] manifest = "{\"version\": 1}".getBytes(StandardCharsets.UTF_8);
        try (Upload upload = storage.create("p/1/manifest.json")) {
            upload.stream().write(manifest);
            assertThat(multipartUploads()).isEmpty();
            upload.complete();
        }
        try (Upload upload = storage.create("p/1/empty")) {
            assertThat(upload.complete().size()).isZero();
        }
        // Exactly one part's worth: completed as a one-part multipart upload.
        byte[] onePart = random(PART);
        try (Upload upload = storage.create("p/1/one-part")) {
            upload.stream().write(onePart);
            upload.complete();
        }

        try (InputStream in = storage.open("p/1/manifest.json")) {
            assertThat(in.readAllBytes()).isEqualTo(manifest);
        }
        try (InputStream in = storage.open("p/1/one-part")) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(onePart));
        }
        assertThat(storage.list("p/1/").stream().map(StoredObject::key))
                .containsExactly("p/1/empty", "p/1/manifest.json", "p/1/one-part");
        assertThat(storage.stat("p/1/empty"))
                .get()
                .extracting(StoredObject::size)
                .isEqualTo(0L);
    }

    @Test
    void closingWithoutCompletingAbortsTheMultipartUpload() throws IOException {
        Upload upload = storage.create("p/1/dump");
        upload.stream().write(random(PART + 1024));
        assertThat(multipartUploads()).hasSize(1);

        upload.close();
        upload.abort();

        assertThat(multipartUploads()).as("no multipart upload left").isEmpty();
        assertThat(storage.list("")).isEmpty();
        assertThat(rawKeys()).isEmpty();
        assertThatThrownBy(() -> upload.stream().write(1)).hasMessageContaining("discarded");
        assertThatThrownBy(upload::complete).isInstanceOf(IOException.class);
    }

    @Test
    void cleanLeftoversAbortsUploadsAnInterruptedStewardLeftButNotOnesInFlight() throws IOException {
        S3Client client = s3.client();
        // What a killed Steward leaves behind: an upload that was started, sent a part, and was never completed.
        String dangling = client.createMultipartUpload(b -> b.bucket(bucket).key("nightly/p/1/dump"))
                .uploadId();
        client.uploadPart(
                b -> b.bucket(bucket).key("nightly/p/1/dump").uploadId(dangling).partNumber(1),
                RequestBody.fromBytes(random(PART)));
        // Another prefix in the same bucket belongs to someone else.
        String foreign = client.createMultipartUpload(b -> b.bucket(bucket).key("weekly/p/1/dump"))
                .uploadId();

        try (Upload inFlight = storage.create("p/2/dump")) {
            inFlight.stream().write(random(PART + 10));

            assertThat(storage.cleanLeftovers()).isEqualTo(1);

            assertThat(multipartUploads().stream().map(MultipartUpload::key))
                    .containsExactlyInAnyOrder("nightly/p/2/dump", "weekly/p/1/dump");
            assertThat(inFlight.complete().size()).isEqualTo(PART + 10);
        }
        assertThat(storage.cleanLeftovers()).isZero();
        assertThat(storage.list("").stream().map(StoredObject::key)).containsExactly("p/2/dump");
        client.abortMultipartUpload(b -> b.bucket(bucket).key("weekly/p/1/dump").uploadId(foreign));
    }

    @Test
    void keysLiveUnderThePrefixWhichIsNormalised() throws IOException {
        S3Storage nightly = storage(s3.storage(bucket, "/nightly"));
        S3Storage weekly = storage(s3.storage(bucket, "weekly/"));
        S3Storage whole = storage(s3.storage(bucket, ""));
        write(nightly, "booky/1/dump", "n");
        write(weekly, "booky/1/dump", "w");

        assertThat(rawKeys()).containsExactly("nightly/booky/1/dump", "weekly/booky/1/dump");
        assertThat(nightly.list("").stream().map(StoredObject::key)).containsExactly("booky/1/dump");
        assertThat(nightly.list("booky/").stream().map(StoredObject::key)).containsExactly("booky/1/dump");
        assertThat(whole.list("").stream().map(StoredObject::key))
                .containsExactly("nightly/booky/1/dump", "weekly/booky/1/dump");
        assertThat(nightly.describe()).isEqualTo("s3 bucket '" + bucket + "' prefix 'nightly/' at " + s3.endpoint());

        nightly.delete("booky/1/dump");
        nightly.delete("booky/1/dump");
        assertThat(rawKeys()).containsExactly("weekly/booky/1/dump");
        assertThatThrownBy(() -> nightly.open("booky/1/dump"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("booky/1/dump")
                .hasMessageContaining(bucket);
        assertThatThrownBy(() -> nightly.create("../weekly/booky/1/dump")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsMoreObjectsThanOnePageHolds() throws IOException {
        S3Client client = s3.client();
        for (int i = 0; i < 25; i++) {
            String key = "nightly/p/%04d/manifest.json".formatted(i);
            client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("{}"));
        }

        List<StoredObject> objects;
        try (S3Storage pagesOfTen = new S3Storage(s3.storage(bucket, "nightly/"), PART, 10)) {
            objects = pagesOfTen.list("p/");
        }

        assertThat(objects).hasSize(25);
        assertThat(objects.getFirst().key()).isEqualTo("p/0000/manifest.json");
        assertThat(objects.getLast().key()).isEqualTo("p/0024/manifest.json");
    }

    @Test
    void aWrongSecretKeySaysWhatToCheckWithoutShowingTheSecret() {
        BackupPolicy.Storage.S3 spec = s3.storage(bucket, "nightly/");
        String wrongSecret = "wrong-secret-0123456789";
        S3Storage wrong = storage(new BackupPolicy.Storage.S3(
                spec.endpoint(), spec.region(), bucket, "nightly/", true, spec.accessKey(), new Secret(wrongSecret)));

        assertThatThrownBy(() -> wrong.list(""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("s3 bucket '" + bucket + "'")
                .hasMessageContaining(s3.endpoint().toString())
                .hasMessageContaining("secretKey")
                .message()
                .doesNotContain(wrongSecret)
                .doesNotContain(s3.secretKey());
        assertThatThrownBy(() -> {
                    try (Upload upload = wrong.create("p/1/dump")) {
                        upload.stream().write(random(PART + 1));
                    }
                })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("p/1/dump")
                .hasMessageContaining("secretKey");
    }

    @Test
    void aMissingBucketIsNamed() {
        S3Storage missing = storage(s3.storage("no-such-bucket", ""));

        assertThatThrownBy(() -> missing.list(""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bucket 'no-such-bucket' does not exist at " + s3.endpoint());
    }

    @Test
    void anUnreachableEndpointIsNamed() {
        URI nothing = URI.create("http://127.0.0.1:" + Ports.free());
        BackupPolicy.Storage.S3 spec = s3.storage(bucket, "");
        S3Storage unreachable = storage(new BackupPolicy.Storage.S3(
                nothing, spec.region(), bucket, "", true, spec.accessKey(), spec.secretKey()));

        assertThatThrownBy(() -> unreachable.stat("p/1/dump"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nothing answers at " + nothing);
    }

    @Test
    void virtualHostedStyleAgainstAServerThatNeedsPathStyleSuggestsIt() {
        BackupPolicy.Storage.S3 spec = s3.storage(bucket, "");
        S3Storage virtualHosted = storage(new BackupPolicy.Storage.S3(
                URI.create("http://localhost:" + s3.endpoint().getPort()),
                spec.region(),
                bucket,
                "",
                false,
                spec.accessKey(),
                spec.secretKey()));

        assertThatThrownBy(() -> virtualHosted.list(""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("pathStyle: true");
    }

    private static void write(BackupStorage storage, String key, String content) throws IOException {
        try (Upload upload = storage.create(key)) {
            upload.stream().write(content.getBytes(StandardCharsets.UTF_8));
            upload.complete();
        }
    }

    private List<MultipartUpload> multipartUploads() {
        return s3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads();
    }

    private List<String> rawKeys() {
        return s3.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
