package dev.steward.catalog;

import dev.steward.config.DatabaseUrl;
import dev.steward.config.Secret;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the catalog's {@code backups} section: what to dump, when, how, where to keep it, how long, and how to
 * prove it restores. Defaults are applied by the reader.
 *
 * @param name the policy's name, also the first part of every object key
 * @param source the PostgreSQL database to dump (credentials via {@code ${ENV}})
 * @param schedule five cron fields or a macro ({@code @daily}); empty: runs only on demand
 * @param zone the time zone the schedule is read in (default UTC)
 * @param format custom (default) or directory (parallel jobs)
 * @param jobs pg_dump/pg_restore parallel jobs for the directory format (default 2)
 * @param compression the codec and level (default zstd level 3)
 * @param globals whether {@code pg_dumpall --globals-only} is stored too, so restores do not fail on missing roles
 * @param storage one or more destinations; the first is where drills and restores read from
 * @param retention how many backups to keep
 * @param encryption the key objects are encrypted with, when any
 * @param maxAge alert when no verified backup is newer than this (default: twice the schedule's period, else none)
 * @param service the catalog service whose incidents backup alerts join (its routing and runbook apply)
 * @param drill the restore drill
 */
public record BackupPolicy(
        String name,
        DatabaseUrl source,
        Optional<String> schedule,
        ZoneId zone,
        Format format,
        int jobs,
        Compression compression,
        boolean globals,
        List<Storage> storage,
        Retention retention,
        Optional<Encryption> encryption,
        Optional<Duration> maxAge,
        Optional<String> service,
        Drill drill) {

    /**
     * The source written {@code source: steward}: Steward's own database (embedded or {@code DATABASE_URL}), resolved
     * when the backup runs.
     */
    public static final DatabaseUrl STEWARD_DATABASE =
            new DatabaseUrl("jdbc:postgresql://steward-own-database/steward", null, null);

    public BackupPolicy {
        storage = List.copyOf(storage);
    }

    /** Whether this policy backs up Steward's own database ({@code source: steward}). */
    public boolean backsUpSteward() {
        return source.equals(STEWARD_DATABASE);
    }

    /** When the next scheduled backup is due, strictly after {@code after}; empty when it runs only on demand. */
    public Optional<Instant> nextRun(Instant after) {
        return schedule.flatMap(cron -> next(cron, after));
    }

    /** When the next scheduled drill is due; empty when drills are off or follow every backup. */
    public Optional<Instant> nextDrill(Instant after) {
        return drill.enabled() ? drill.schedule().flatMap(cron -> next(cron, after)) : Optional.empty();
    }

    private Optional<Instant> next(String cron, Instant after) {
        @Nullable ZonedDateTime next = ScheduleReader.expression(cron).next(after.atZone(zone));
        return next == null ? Optional.empty() : Optional.of(next.toInstant());
    }

    /** pg_dump's archive format. */
    public enum Format {
        /** One file ({@code pg_dump -Fc}); restores in parallel from a local copy. */
        CUSTOM,
        /** A directory dumped and restored with parallel jobs ({@code pg_dump -Fd -j}), stored as one tar stream. */
        DIRECTORY
    }

    /** How dumps are compressed. */
    public record Compression(Codec codec, int level) {
        /** zstd level 3: as small as pg_dump's gzip at a fraction of the CPU. */
        public static Compression standard() {
            return new Compression(Codec.ZSTD, 3);
        }
    }

    /** Compression codecs. */
    public enum Codec {
        ZSTD,
        GZIP,
        NONE
    }

    /** A destination for backup objects. */
    public sealed interface Storage {

        /** Where it is, for messages and listings: never credentials. */
        String describe();

        /** A directory on Steward's host (or a mounted volume). */
        record Local(Path directory) implements Storage {
            @Override
            public String describe() {
                return "local " + directory;
            }
        }

        /**
         * An S3-compatible bucket.
         *
         * @param endpoint e.g. {@code https://s3.eu-central-1.amazonaws.com} or a MinIO/Ceph/R2 URL
         * @param region the signing region (default {@code us-east-1})
         * @param prefix prepended to every key, e.g. {@code nightly/} (may be empty)
         * @param pathStyle {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key} (MinIO, Ceph)
         */
        record S3(
                URI endpoint,
                String region,
                String bucket,
                String prefix,
                boolean pathStyle,
                Secret accessKey,
                Secret secretKey)
                implements Storage {
            @Override
            public String describe() {
                return "s3 " + endpoint + " bucket " + bucket + (prefix.isEmpty() ? "" : " prefix " + prefix)
                        + (pathStyle ? " (path-style)" : "");
            }
        }
    }

    /**
     * Retention, grandfather-father-son: the newest {@code keepLast}, plus the newest backup of each of the last
     * {@code daily} days, {@code weekly} weeks and {@code monthly} months. The newest verified backup and at least
     * {@code minVerified} verified ones are never deleted.
     */
    public record Retention(int keepLast, int daily, int weekly, int monthly, int minVerified) {

        public Retention {
            if (keepLast < 0 || daily < 0 || weekly < 0 || monthly < 0 || minVerified < 0) {
                throw new IllegalArgumentException("retention counts cannot be negative");
            }
        }

        /** Keep the last 7 and at least one verified backup. */
        public static Retention standard() {
            return new Retention(7, 0, 0, 0, 1);
        }

        /** The counts that are set, e.g. {@code keepLast 7, daily 14, minVerified 1}. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (keepLast > 0) {
                parts.add("keepLast " + keepLast);
            }
            if (daily > 0) {
                parts.add("daily " + daily);
            }
            if (weekly > 0) {
                parts.add("weekly " + weekly);
            }
            if (monthly > 0) {
                parts.add("monthly " + monthly);
            }
            parts.add("minVerified " + minVerified);
            return String.join(", ", parts);
        }
    }

    /** The encryption key: 32 bytes, from a key file or an environment variable (hex or base64). */
    public sealed interface Encryption {
        record KeyFile(Path path) implements Encryption {}

        record Key(Secret key) implements Encryption {}
    }

    /**
     * The restore drill.
     *
     * @param enabled false when {@code drill: false}
     * @param schedule cron, in the policy's zone; empty: after every backup
     * @param server where scratch databases are created; empty: Steward's own PostgreSQL server
     * @param rowTolerance the fraction by which a table's restored row count may differ from the manifest's (0 by
     *     default: counts are taken in the dump's own snapshot)
     * @param checks SQL checks run against the restored database
     */
    public record Drill(
            boolean enabled,
            Optional<String> schedule,
            Optional<DatabaseUrl> server,
            double rowTolerance,
            List<DrillCheck> checks) {
        public Drill {
            checks = List.copyOf(checks);
        }

        /** The default: after every backup, on Steward's own server, exact row counts, no SQL checks. */
        public static Drill standard() {
            return new Drill(true, Optional.empty(), Optional.empty(), 0, List.of());
        }

        /** {@code drill: false}. */
        public static Drill off() {
            return new Drill(false, Optional.empty(), Optional.empty(), 0, List.of());
        }
    }

    /**
     * A query whose first column of the first row must meet {@code expect}: an operator ({@code ==}, {@code !=},
     * {@code >}, {@code >=}, {@code <}, {@code <=}) and a number, or {@code ==}/{@code !=} and a single-quoted text,
     * e.g. {@code "> 0"}, {@code "== 42"}, {@code "== 'ok'"}. Throws {@link IllegalArgumentException} when
     * {@code expect} is not such an expectation.
     */
    public record DrillCheck(String sql, String expect) {

        private static final Pattern EXPECTATION = Pattern.compile("\\s*(==|!=|>=|<=|>|<)\\s*(.*?)\\s*");
        private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
        private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");
        /** Longer results are cut in messages: a drill reports one line per check. */
        private static final int SHOWN = 100;

        public DrillCheck {
            Optional<String> problem = problem(expect);
            if (problem.isPresent()) {
                throw new IllegalArgumentException("expect \"" + expect + "\" " + problem.get());
            }
        }

        /**
         * Why {@code expect} is not an expectation, phrased to follow it (e.g. {@code "= 0" uses =; write == 0}), or
         * empty when it is one.
         */
        public static Optional<String> problem(String expect) {
            Matcher matcher = EXPECTATION.matcher(expect);
            if (!matcher.matches()) {
                String trimmed = expect.trim();
                if (trimmed.startsWith("=>") || trimmed.startsWith("=<")) {
                    String operator = trimmed.charAt(1) + "=";
                    return Optional.of("has the operator " + trimmed.substring(0, 2) + "; write " + operator
                            + " (e.g. \"" + operator + " 0\")");
                }
                if (trimmed.startsWith("=") && !trimmed.startsWith("==")) {
                    return Optional.of("compares with =; write == (e.g. \"== 0\")");
                }
                return Optional.of("does not start with an operator; write one of ==, !=, >, >=, <, <= and a number"
                        + " or a quoted text, e.g. \"> 0\" or \"== 'ok'\"");
            }
            String operand = matcher.group(2);
            if (NUMBER.matcher(operand).matches()) {
                return Optional.empty();
            }
            if (QUOTED.matcher(operand).matches()) {
                String operator = matcher.group(1);
                return operator.equals("==") || operator.equals("!=")
                        ? Optional.empty()
                        : Optional.of("compares a text with " + operator + "; texts are compared with == or != only");
            }
            if (operand.isEmpty()) {
                return Optional.of("has no value after " + matcher.group(1) + "; e.g. \"" + matcher.group(1) + " 0\"");
            }
            return Optional.of("compares with " + operand + ", which is neither a number nor a text in single quotes;"
                    + " e.g. \"== 42\" or \"== 'ok'\"");
        }

        /**
         * Why {@code actual}, the first column of the first row, does not meet the expectation, e.g. {@code select
         * count(*) from users returned 0, expected > 0}; empty when it does. Numbers are compared by value (2 equals
         * 2.0, also when the column is text that reads as a number); texts exactly, with any other value as its text
         * ({@code true}, {@code 42}); NULL never matches.
         */
        public Optional<String> failure(@Nullable Object actual) {
            Matcher matcher = EXPECTATION.matcher(expect);
            if (!matcher.matches()) {
                throw new IllegalStateException("validated in the constructor");
            }
            String operator = matcher.group(1);
            String operand = matcher.group(2);
            if (actual == null) {
                return failed("NULL");
            }
            if (NUMBER.matcher(operand).matches()) {
                Optional<BigDecimal> number = number(actual);
                if (number.isEmpty()) {
                    return failed(shown(actual) + ", not a number");
                }
                int order = number.get().compareTo(new BigDecimal(operand));
                boolean met = switch (operator) {
                    case "==" -> order == 0;
                    case "!=" -> order != 0;
                    case ">" -> order > 0;
                    case ">=" -> order >= 0;
                    case "<" -> order < 0;
                    default -> order <= 0;
                };
                return met ? Optional.empty() : failed(shown(actual));
            }
            String text = operand.substring(1, operand.length() - 1).replace("''", "'");
            boolean equal = String.valueOf(actual).equals(text);
            return equal == operator.equals("==") ? Optional.empty() : failed(shown(actual));
        }

        private Optional<String> failed(String shown) {
            return Optional.of(sql.strip() + " returned " + shown + ", expected " + expect.strip());
        }

        private static Optional<BigDecimal> number(Object actual) {
            return switch (actual) {
                case BigDecimal decimal -> Optional.of(decimal);
                case BigInteger integer -> Optional.of(new BigDecimal(integer));
                case Double d when Double.isFinite(d) -> Optional.of(BigDecimal.valueOf(d));
                case Float f when Float.isFinite(f) -> Optional.of(new BigDecimal(Float.toString(f)));
                case Double d -> Optional.empty();
                case Float f -> Optional.empty();
                case Number n -> Optional.of(BigDecimal.valueOf(n.longValue()));
                case String text when NUMBER.matcher(text.trim()).matches() -> Optional.of(new BigDecimal(text.trim()));
                default -> Optional.empty();
            };
        }

        private static String shown(Object actual) {
            String text = actual instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(actual);
            String cut = text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
            return actual instanceof String ? "'" + cut + "'" : cut;
        }
    }
}
