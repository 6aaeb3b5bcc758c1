package dev.steward.probe.condition;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * How conditions read numbers and durations, so that a condition written for Gatus compares the same way in Steward:
 * integers in Go's literal syntax ({@code 42}, {@code -7}, {@code 0x1F}, {@code 0o17}, {@code 017}, {@code 0b101},
 * {@code 1_000}), decimals that are cut to whole numbers ({@code 123.9} → 123), and durations ({@code 500ms},
 * {@code 1h30m}, {@code 48h}, plus Steward's {@code 7d}) counted in milliseconds.
 */
final class NumberSyntax {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private NumberSyntax() {}

    /**
     * The number an ordering comparison ({@code <}, {@code <=}, {@code >}, {@code >=}) uses for a value: a non-zero
     * duration in milliseconds, else an integer, else a decimal cut towards zero, else 0.
     */
    static long orderingValue(String text) {
        OptionalLong duration = durationMillis(text);
        if (duration.isPresent()) {
            return duration.getAsLong();
        }
        OptionalLong integer = integer(text);
        if (integer.isPresent()) {
            return integer.getAsLong();
        }
        Double decimal = decimal(text);
        if (decimal != null) {
            return truncate(decimal);
        }
        return 0;
    }

    /** Whether the text is a duration (any unit, including {@code d}), whatever its length. */
    static boolean isDuration(String text) {
        return durationNanos(text) != null;
    }

    /** A non-zero duration in milliseconds (cut towards zero); empty for zero or for a text that is not a duration. */
    static OptionalLong durationMillis(String text) {
        Long nanos = durationNanos(text);
        if (nanos == null || nanos == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(nanos / NANOS_PER_MILLI);
    }

    /**
     * A duration such as {@code 300ms}, {@code -1.5h} or {@code 2h45m}: units ns, us (µs), ms, s, m, h and d (24 h);
     * null when the text is not one or does not fit in 292 years.
     */
    static Long durationNanos(String text) {
        int i = 0;
        int n = text.length();
        boolean negative = false;
        if (n > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return 0L;
        }
        if (i == n) {
            return null;
        }
        long total = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c != '.' && !isDigit(c)) {
                return null;
            }
            int start = i;
            long whole = 0;
            while (i < n && isDigit(text.charAt(i))) {
                int digit = text.charAt(i) - '0';
                if (whole > (Long.MAX_VALUE - digit) / 10) {
                    return null;
                }
                whole = whole * 10 + digit;
                i++;
            }
            boolean hasWhole = i > start;
            long fraction = 0;
            double scale = 1;
            boolean hasFraction = false;
            if (i < n && text.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                boolean overflow = false;
                while (i < n && isDigit(text.charAt(i))) {
                    if (!overflow) {
                        int digit = text.charAt(i) - '0';
                        if (fraction > (Long.MAX_VALUE - digit) / 10) {
                            overflow = true;
                        } else {
                            fraction = fraction * 10 + digit;
                            scale *= 10;
                        }
                    }
                    i++;
                }
                hasFraction = i > fractionStart;
            }
            if (!hasWhole && !hasFraction) {
                return null;
            }
            int unitStart = i;
            while (i < n && text.charAt(i) != '.' && !isDigit(text.charAt(i))) {
                i++;
            }
            long unit = unitNanos(text.substring(unitStart, i));
            if (unit == 0) {
                return null;
            }
            if (whole > Long.MAX_VALUE / unit) {
                return null;
            }
            long value = whole * unit;
            if (fraction > 0) {
                value += (long) (fraction * (unit / scale));
                if (value < 0) {
                    return null;
                }
            }
            total += value;
            if (total < 0) {
                return null;
            }
        }
        return negative ? -total : total;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> NANOS_PER_MILLI;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> 0L;
        };
    }

    /**
     * An integer in Go's literal syntax: optional sign, then decimal, {@code 0x} hex, {@code 0o} or leading-zero octal,
     * or {@code 0b} binary, with {@code _} allowed between digits; empty when not one or out of the 64-bit range.
     */
    static OptionalLong integer(String text) {
        int n = text.length();
        if (n == 0) {
            return OptionalLong.empty();
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '+' || text.charAt(0) == '-') {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        String unsigned = text.substring(i);
        if (unsigned.isEmpty()) {
            return OptionalLong.empty();
        }
        int radix = 10;
        int digitsStart = 0;
        if (unsigned.charAt(0) == '0') {
            char prefix = unsigned.length() >= 3 ? Character.toLowerCase(unsigned.charAt(1)) : ' ';
            switch (prefix) {
                case 'b' -> {
                    radix = 2;
                    digitsStart = 2;
                }
                case 'o' -> {
                    radix = 8;
                    digitsStart = 2;
                }
                case 'x' -> {
                    radix = 16;
                    digitsStart = 2;
                }
                default -> {
                    radix = 8;
                    digitsStart = 1;
                }
            }
        }
        // Magnitudes up to 2^64-1 fit in an unsigned long; the sign decides the final range below.
        long magnitude = 0;
        boolean underscores = false;
        for (int k = digitsStart; k < unsigned.length(); k++) {
            char c = unsigned.charAt(k);
            if (c == '_') {
                underscores = true;
                continue;
            }
            int digit = isDigit(c) ? c - '0' : isHexLetter(c) ? Character.toLowerCase(c) - 'a' + 10 : -1;
            if (digit < 0 || digit >= radix) {
                return OptionalLong.empty();
            }
            if (Long.compareUnsigned(magnitude, Long.divideUnsigned(-1L, radix)) > 0) {
                return OptionalLong.empty();
            }
            long next = magnitude * radix + digit;
            if (Long.compareUnsigned(next, magnitude * radix) < 0) {
                return OptionalLong.empty();
            }
            magnitude = next;
        }
        if (underscores && !underscoresBetweenDigits(unsigned)) {
            return OptionalLong.empty();
        }
        if (negative) {
            if (Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(-magnitude);
        }
        if (magnitude < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(magnitude);
    }

    /**
     * A decimal number in Go's syntax ({@code 1.5}, {@code -2e3}, {@code .5}, {@code 0x1p-2}, {@code inf}, {@code nan}),
     * null when the text is not one or is too large for a double.
     */
    static Double decimal(String text) {
        String s = text;
        String sign = "";
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            sign = s.substring(0, 1);
            s = s.substring(1);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return sign.equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan") && sign.isEmpty()) {
            return Double.NaN;
        }
        boolean hex = lower.startsWith("0x");
        if (s.indexOf('_') >= 0 && !underscoresBetweenDigits(s)) {
            return null;
        }
        String plain = s.replace("_", "");
        if (!(hex ? isHexFloat(plain.substring(2)) : isDecimalFloat(plain))) {
            return null;
        }
        double value = Double.parseDouble(sign + plain);
        return Double.isInfinite(value) ? null : value;
    }

    /** A decimal cut to a whole number; NaN and values beyond the 64-bit range become the smallest long, as on x86-64. */
    static long truncate(double value) {
        if (Double.isNaN(value) || value >= 0x1p63 || value < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) value;
    }

    /** A millisecond count as hours, minutes and seconds, dropping the parts that are zero: 336h, 1h30m, 1h0m15s. */
    static String formatMillisAsDuration(long millis) {
        long seconds = millis / 1000;
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        if (seconds < 0) {
            text.append('-');
        }
        long magnitude = Math.abs(seconds);
        long hours = magnitude / 3600;
        long minutes = magnitude / 60 % 60;
        long secs = magnitude % 60;
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if ((hours > 0 || minutes > 0) && !(minutes == 0 && secs == 0)) {
            text.append(minutes).append('m');
        }
        if (secs != 0) {
            text.append(secs).append('s');
        }
        return text.toString();
    }

    private static boolean isDecimalFloat(String s) {
        int i = 0;
        int n = s.length();
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == exponentStart) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isHexFloat(String s) {
        int i = 0;
        int n = s.length();
        int digits = 0;
        while (i < n && (isDigit(s.charAt(i)) || isHexLetter(s.charAt(i)))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && (isDigit(s.charAt(i)) || isHexLetter(s.charAt(i)))) {
                i++;
                digits++;
            }
        }
        if (digits == 0 || i >= n || (s.charAt(i) != 'p' && s.charAt(i) != 'P')) {
            return false;
        }
        i++;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int exponentStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        return i > exponentStart && i == n;
    }

    /** Go's rule for {@code _} in number literals: only between digits, or between a base prefix and a digit. */
    private static boolean underscoresBetweenDigits(String text) {
        String s = text;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            s = s.substring(1);
        }
        char saw = '^';
        int i = 0;
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0' && "box".indexOf(Character.toLowerCase(s.charAt(1))) >= 0) {
            i = 2;
            saw = '0';
            hex = Character.toLowerCase(s.charAt(1)) == 'x';
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c) || hex && isHexLetter(c)) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexLetter(char c) {
        return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
