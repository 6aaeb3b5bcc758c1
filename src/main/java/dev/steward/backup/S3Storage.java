package dev.steward.backup;

import dev.steward.catalog.BackupPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Backups in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, ...), every key under the configured prefix. Objects are
 * streamed in a multipart upload, one part in flight while the next fills, so memory stays at two parts whatever the
 * dump's size; an object smaller than a part is sent in one request. Nothing is listed under a key before the upload
 * is completed; an aborted or failed upload is aborted on the server, and {@link #cleanLeftovers()} aborts those an
 * interrupted Steward could not.
 */
final class S3Storage implements BackupStorage {

    /** 16 MiB parts: S3 allows 10,000 parts, so objects up to 156 GiB, with 32 MiB of buffers per upload. */
    static final int DEFAULT_PART_SIZE = 16 * 1024 * 1024;

    /** S3's smallest part but the last. */
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private static final int MAX_PARTS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(S3Storage.class);

    private final URI endpoint;
    private final String bucket;
    private final String prefix;
    private final boolean pathStyle;
    private final int partSize;
    private final int pageSize;
    private final S3Client client;
    /** Multipart uploads this instance is writing now; {@link #cleanLeftovers()} spares them. */
    private final Set<String> uploading = ConcurrentHashMap.newKeySet();

    S3Storage(BackupPolicy.Storage.S3 spec) {
        this(spec, DEFAULT_PART_SIZE, 1000);
    }

    S3Storage(BackupPolicy.Storage.S3 spec, int partSize) {
        this(spec, partSize, 1000);
    }

    /** With the part size and the number of keys a listing page holds (S3 answers at most 1,000). */
    S3Storage(BackupPolicy.Storage.S3 spec, int partSize, int pageSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts must be at least 5 MiB, not " + partSize + " bytes");
        }
        this.endpoint = spec.endpoint();
        this.bucket = spec.bucket();
        this.prefix = normalizePrefix(spec.prefix());
        this.pathStyle = spec.pathStyle();
        this.partSize = partSize;
        this.pageSize = pageSize;
        this.client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        // No byte for a minute on an open connection: the server or the network is stuck.
                        .socketTimeout(Duration.ofSeconds(60)))
                .endpointOverride(spec.endpoint())
                .region(Region.of(spec.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        spec.accessKey().value(), spec.secretKey().value())))
                .forcePathStyle(spec.pathStyle())
                // Newer SDKs add CRC32 checksums to every request by default, which several S3-compatible servers
                // reject; integrity is checked end to end with the SHA-256 in the manifest instead.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD) // 3 attempts with backoff on throttling and 5xx
                        .build())
                .build();
    }

    private static String normalizePrefix(String prefix) {
        String trimmed = prefix.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        if (trimmed.isEmpty()) {
            return "";
        }
        String normalized = trimmed.endsWith("/") ? trimmed : trimmed + "/";
        StorageKeys.checkPrefix(normalized);
        return normalized;
    }

    @Override
    public String describe() {
        return "s3 bucket '" + bucket + "'" + (prefix.isEmpty() ? "" : " prefix '" + prefix + "'") + " at " + endpoint;
    }

    @Override
    public Upload create(String key) {
        return new S3Upload(StorageKeys.check(key));
    }

    @Override
    public InputStream open(String key) throws IOException {
        String objectKey = prefix + StorageKeys.check(key);
        try {
            return client.getObject(b -> b.bucket(bucket).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key, null, "no backup object '" + key + "' in " + describe());
        } catch (SdkException e) {
            throw failure("reading '" + key + "'", e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        String objectKey = prefix + StorageKeys.check(key);
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(objectKey));
            return Optional.of(new StoredObject(key, head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("reading the size of '" + key + "'", e);
        } catch (SdkException e) {
            throw failure("reading the size of '" + key + "'", e);
        }
    }

    @Override
    public List<StoredObject> list(String keyPrefix) throws IOException {
        StorageKeys.checkPrefix(keyPrefix);
        try {
            List<StoredObject> objects = new ArrayList<>();
            client.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(prefix + keyPrefix).maxKeys(pageSize))
                    .contents()
                    .forEach(object -> {
                        String key = object.key().substring(prefix.length());
                        if (!key.isEmpty() && !key.endsWith("/")) { // folder markers some tools create
                            objects.add(new StoredObject(key, object.size(), object.lastModified()));
                        }
                    });
            objects.sort(Comparator.comparing(StoredObject::key));
            return objects;
        } catch (SdkException e) {
            throw failure(keyPrefix.isEmpty() ? "listing objects" : "listing objects under '" + keyPrefix + "'", e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = prefix + StorageKeys.check(key);
        try {
            client.deleteObject(b -> b.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            throw failure("deleting '" + key + "'", e);
        }
    }

    @Override
    public int cleanLeftovers() throws IOException {
        List<MultipartUpload> leftovers = new ArrayList<>();
        try {
            client.listMultipartUploadsPaginator(
                            b -> b.bucket(bucket).prefix(prefix).maxUploads(pageSize))
                    .uploads()
                    .forEach(upload -> {
                        if (!uploading.contains(upload.uploadId())) {
                            leftovers.add(upload);
                        }
                    });
        } catch (SdkException e) {
            throw failure("listing unfinished multipart uploads", e);
        }
        for (MultipartUpload leftover : leftovers) {
            try {
                client.abortMultipartUpload(
                        b -> b.bucket(bucket).key(leftover.key()).uploadId(leftover.uploadId()));
            } catch (SdkException e) {
                throw failure("aborting the unfinished upload of '" + leftover.key() + "'", e);
            }
            log.atInfo()
                    .addKeyValue("event", "backup_leftover_removed")
                    .addKeyValue("storage", describe())
                    .addKeyValue("key", leftover.key())
                    .addKeyValue("initiated", String.valueOf(leftover.initiated()))
                    .log("Aborted the unfinished upload of {}, left by a backup that was interrupted", leftover.key());
        }
        return leftovers.size();
    }

    @Override
    public OptionalLong freeSpace() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * An error that names the storage, the key and what to check. The SDK's own message (status, error code, request
     * id) is kept; it never contains the credentials.
     */
    private IOException failure(String doing, Exception e) {
        String hint = hint(e);
        return new IOException(
                describe() + ": " + doing + " failed: " + e.getMessage() + (hint.isEmpty() ? "" : "; " + hint), e);
    }

    private String hint(Exception e) {
        if (e instanceof S3Exception s3) {
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                return "bucket '" + bucket + "' does not exist at " + endpoint + ": create it, or correct 'bucket'"
                        + (pathStyle
                                ? ""
                                : " (if it does exist, the server may not support virtual-hosted buckets: set"
                                        + " 'pathStyle: true')");
            }
            if ("InvalidAccessKeyId".equals(code)) {
                return "the server does not know this access key: check 'accessKey'";
            }
            if ("SignatureDoesNotMatch".equals(code)) {
                return "the secret key does not belong to the access key: check 'secretKey'";
            }
            if ("AuthorizationHeaderMalformed".equals(code)
                    || "PermanentRedirect".equals(code)
                    || s3.statusCode() == 301) {
                return "the bucket is in another region or at another endpoint: check 'region' and 'endpoint'";
            }
            if (s3.statusCode() == 403) {
                return "check 'accessKey' and 'secretKey', and that they may list, read, write and delete objects and"
                        + " abort multipart uploads in bucket '" + bucket + "'";
            }
            return "";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return pathStyle
                        ? "the endpoint's host name does not resolve: check 'endpoint'"
                        : "the host name does not resolve: check 'endpoint'; servers such as MinIO or Ceph often need"
                                + " 'pathStyle: true' (virtual-hosted style puts the bucket into the host name: "
                                + bucket + "." + endpoint.getHost() + ")";
            }
            if (cause instanceof ConnectException) {
                return "nothing answers at " + endpoint + ": check 'endpoint' and that the server is reachable"
                        + " from Steward's host";
            }
            if (cause instanceof SocketTimeoutException) {
                return "the server at " + endpoint + " did not answer in time: check that it is up and reachable";
            }
            if (cause instanceof SSLException) {
                return "TLS with " + endpoint + " failed: check the endpoint's scheme (http or https) and certificate";
            }
        }
        return "";
    }

    /** A multipart upload, started when the first part is full. */
    private final class S3Upload implements Upload {

        private final String key;
        private final String objectKey;
        private final List<CompletedPart> parts = new ArrayList<>();
        private final OutputStream stream = new PartStream();
        /** The part being filled: grows up to a part's size, so small objects (manifests) stay small. */
        private byte[] current = new byte[Math.min(partSize, 64 * 1024)];

        private byte @Nullable [] spare;
        private int filled;
        private long written;
        private @Nullable String uploadId;
        private @Nullable ExecutorService sender;
        private @Nullable Future<CompletedPart> inFlight;
        private boolean open = true;
        private boolean completed;
        private boolean aborted;

        S3Upload(String key) {
            this.key = key;
            this.objectKey = prefix + key;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        private void write(byte[] b, int off, int len) throws IOException {
            if (!open) {
                throw new IOException("backup object '" + key + "' in " + describe() + " was already "
                        + (completed ? "completed" : "discarded") + "; nothing more can be written to it");
            }
            while (len > 0) {
                if (filled == current.length && current.length < partSize) {
                    current = Arrays.copyOf(current, Math.min(partSize, current.length * 2));
                }
                int n = Math.min(len, current.length - filled);
                System.arraycopy(b, off, current, filled, n);
                filled += n;
                written += n;
                off += n;
                len -= n;
                if (filled == partSize) {
                    sendPart();
                }
            }
        }

        /** Sends the filled buffer as the next part in the background, once the part before it is done. */
        private void sendPart() throws IOException {
            awaitPart();
            try {
                if (uploadId == null) {
                    String id = client.createMultipartUpload(
                                    b -> b.bucket(bucket).key(objectKey).contentType("application/octet-stream"))
                            .uploadId();
                    uploading.add(id);
                    uploadId = id;
                }
            } catch (SdkException e) {
                abort();
                throw failure("starting the upload of '" + key + "'", e);
            }
            int number = parts.size() + 1;
            if (number > MAX_PARTS) {
                abort();
                throw new IOException(describe() + ": backup object '" + key + "' is larger than " + MAX_PARTS
                        + " parts of " + (partSize >> 20) + " MiB, the most one S3 object can have");
            }
            byte[] data = current;
            int length = filled;
            String id = uploadId;
            if (sender == null) {
                sender = Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("backup-s3-upload").daemon().factory());
            }
            inFlight = sender.submit(() -> {
                String etag = client.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(objectKey)
                                        .uploadId(id)
                                        .partNumber(number)
                                        .contentLength((long) length),
                                RequestBody.fromContentProvider(
                                        () -> new ByteArrayInputStream(data, 0, length),
                                        length,
                                        "application/octet-stream"))
                        .eTag();
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            });
            // Fill the other buffer while this one is sent; it is free again once awaitPart returns.
            byte[] next = spare == null ? new byte[partSize] : spare;
            spare = data;
            current = next;
            filled = 0;
        }

        private void awaitPart() throws IOException {
            Future<CompletedPart> part = inFlight;
            if (part == null) {
                return;
            }
            inFlight = null;
            try {
                parts.add(part.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort();
                throw new InterruptedIOException(
                        "upload of backup object '" + key + "' to " + describe() + " was interrupted");
            } catch (ExecutionException e) {
                abort();
                Throwable cause = e.getCause();
                throw cause instanceof Exception ex
                        ? failure("uploading part " + (parts.size() + 1) + " of '" + key + "'", ex)
                        : new IOException("uploading backup object '" + key + "' failed", cause);
            }
        }

        @Override
        public StoredObject complete() throws IOException {
            if (!open) {
                throw new IOException("backup object '" + key + "' in " + describe() + " was already "
                        + (completed ? "completed" : "discarded"));
            }
            if (uploadId == null) {
                putWhole();
            } else {
                if (filled > 0) {
                    sendPart(); // the last part may be smaller than the others
                }
                awaitPart();
                String id = uploadId;
                try {
                    client.completeMultipartUpload(
                            b -> b.bucket(bucket).key(objectKey).uploadId(id).multipartUpload(m -> m.parts(parts)));
                } catch (SdkException e) {
                    abort();
                    throw failure("completing the upload of '" + key + "'", e);
                }
                uploading.remove(id);
            }
            open = false;
            completed = true;
            shutdownSender();
            HeadObjectResponse head;
            try {
                head = client.headObject(b -> b.bucket(bucket).key(objectKey));
            } catch (SdkException e) {
                throw failure("checking the size of the uploaded '" + key + "'", e);
            }
            if (head.contentLength() != written) {
                throw new IOException(describe() + ": backup object '" + key + "' has " + head.contentLength()
                        + " bytes after the upload, but " + written + " were sent");
            }
            return new StoredObject(
                    key, written, Optional.ofNullable(head.lastModified()).orElseGet(Instant::now));
        }

        private void putWhole() throws IOException {
            byte[] data = current;
            int length = filled;
            try {
                client.putObject(
                        b -> b.bucket(bucket)
                                .key(objectKey)
                                .contentType("application/octet-stream")
                                .contentLength((long) length),
                        RequestBody.fromContentProvider(
                                () -> new ByteArrayInputStream(data, 0, length), length, "application/octet-stream"));
            } catch (SdkException e) {
                abort();
                throw failure("uploading '" + key + "'", e);
            }
        }

        @Override
        public void abort() {
            if (completed || aborted) {
                return;
            }
            aborted = true;
            open = false;
            // A part still being sent could land after the abort and keep its bytes on the server: let it finish.
            Future<CompletedPart> part = inFlight;
            inFlight = null;
            if (part != null) {
                try {
                    part.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // The part failed; the abort below discards what was sent.
                }
            }
            shutdownSender();
            String id = uploadId;
            uploadId = null;
            current = new byte[0];
            spare = null;
            if (id == null) {
                return;
            }
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(id));
                uploading.remove(id);
            } catch (SdkException e) {
                uploading.remove(id);
                log.atWarn()
                        .addKeyValue("event", "backup_upload_abort_failed")
                        .addKeyValue("storage", describe())
                        .addKeyValue("key", key)
                        .addKeyValue(
                                "error",
                                failure("aborting the upload of '" + key + "'", e)
                                        .getMessage())
                        .log(
                                "Could not abort the unfinished upload of {} in {}; it is not a backup, and cleaning"
                                        + " leftovers at the next start aborts it",
                                key,
                                describe());
            }
        }

        private void shutdownSender() {
            if (sender != null) {
                sender.shutdownNow();
                sender = null;
            }
        }

        @Override
        public void close() {
            abort();
        }

        /** The upload's stream; closing it does not complete the object. */
        private final class PartStream extends OutputStream {
            @Override
            public void write(int b) throws IOException {
                S3Upload.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                S3Upload.this.write(b, off, len);
            }
        }
    }
}
