#!/usr/bin/env bash
# Encryption at rest: encrypt and decrypt throughput of Steward's backup cipher (AES-256-GCM in segments, Tink's
# streaming AEAD) with 16 KiB, 64 KiB and 1 MiB segments, in memory, plus SHA-256 for scale.
#   bench/encryption.sh [megabytes, default 256] [segment sizes in KiB, default 16 64 1024]
# Needs only a JDK 21+ and Maven (as for the build).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/java.sh"
steward_find_java
cd "$root"
JAVA_HOME="$STEWARD_JAVA_HOME" MAVEN_OPTS="$(steward_maven_opts)" mvn -B -q test-compile \
  dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
megabytes=${1:-256}
# The data is encrypted into memory and decrypted from there: room for it twice.
exec "$STEWARD_JAVA" -Xms$((megabytes * 2 + 256))m -Xmx$((megabytes * 2 + 256))m \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.steward.backup.EncryptionBench "$@"
