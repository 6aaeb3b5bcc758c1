package dev.steward.backup;

import dev.steward.catalog.BackupPolicy;

/** Opens the storage a catalog destination describes. */
final class BackupStorages {

    private BackupStorages() {}

    /** A local directory or an S3 bucket; close it when done (an S3 storage holds a client). */
    static BackupStorage open(BackupPolicy.Storage spec) {
        return switch (spec) {
            case BackupPolicy.Storage.Local local -> new LocalStorage(local.directory());
            case BackupPolicy.Storage.S3 s3 -> new S3Storage(s3);
        };
    }
}
