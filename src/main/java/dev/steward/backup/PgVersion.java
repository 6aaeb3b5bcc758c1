package dev.steward.backup;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL version as the server numbers it ({@code server_version_num}: 150019 for 15.19, 90624 for 9.6.24), with
 * the text people know it by.
 *
 * @param number {@code server_version_num}'s encoding
 * @param text e.g. {@code 15.19}, {@code 9.6.24}, {@code 17beta1}
 */
public record PgVersion(int number, String text) {

    /** The version token after "(PostgreSQL)": 15.18, 9.6.24, 17beta1, 18devel. */
    private static final Pattern TOOL_OUTPUT =
            Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?([a-z]+\\d*)?");

    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?([a-z]+\\d*)?");

    /**
     * Reads a client tool's {@code --version} line, e.g. {@code pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)},
     * {@code pg_dump (PostgreSQL) 16.4 (Homebrew)} or {@code pg_dump.exe (PostgreSQL) 16.2} (EDB installers).
     */
    public static Optional<PgVersion> ofToolOutput(String output) {
        Matcher matcher = TOOL_OUTPUT.matcher(output);
        return matcher.find() ? Optional.of(of(matcher)) : Optional.empty();
    }

    /**
     * A server's version from {@code server_version_num} and {@code server_version} (which may carry a vendor suffix,
     * {@code 15.19 (Debian 15.19-1.pgdg120+1)}; only its first word is kept).
     */
    public static PgVersion ofServer(int serverVersionNum, String serverVersion) {
        String text = serverVersion.strip();
        int space = text.indexOf(' ');
        return new PgVersion(serverVersionNum, space < 0 ? text : text.substring(0, space));
    }

    /** A version written as text, e.g. {@code 15.18} from a manifest; empty when it does not start with a number. */
    public static Optional<PgVersion> parse(String text) {
        Matcher matcher = LEADING_NUMBER.matcher(text.strip());
        return matcher.find() ? Optional.of(of(matcher)) : Optional.empty();
    }

    private static PgVersion of(Matcher matcher) {
        int first = Integer.parseInt(matcher.group(1));
        int second = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        int third = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        // Since 10 the major version is one number (15.18); before, two (9.6.24).
        int number = first >= 10 ? first * 10000 + second : first * 10000 + second * 100 + third;
        return new PgVersion(number, matcher.group().substring(matcher.start(1) - matcher.start()));
    }

    /** The major version in an order that compares across the 9.x → 10 change: 906 for 9.6, 1500 for 15. */
    int majorOrder() {
        return number >= 100000 ? number / 10000 * 100 : number / 100;
    }

    /** The major version as people write it: {@code 15}, {@code 9.6}. */
    public String major() {
        return number >= 100000 ? Integer.toString(number / 10000) : number / 10000 + "." + number / 100 % 100;
    }

    /** Whether this version's major is older than {@code other}'s. */
    boolean olderMajorThan(PgVersion other) {
        return majorOrder() < other.majorOrder();
    }

    @Override
    public String toString() {
        return text;
    }
}
