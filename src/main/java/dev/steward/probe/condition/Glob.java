package dev.steward.probe.condition;

import java.util.ArrayList;
import java.util.List;

/**
 * The pattern of {@code pat(…)}, compiled once: {@code *} matches any run of characters, {@code ?} one character,
 * {@code [abc]}, {@code [a-z]} and {@code [^a-z]} one character of (or not of) a set, and {@code \} makes the next
 * character literal. The whole value must match. Every {@code /} is ignored, in the pattern and in the value, as Gatus
 * does; and a pattern that is exactly {@code *} matches everything.
 */
final class Glob {

    private static final String SYNTAX =
            "in pat(), * matches any text, ? one character, [abc] or [a-z] one character of a set ([^a-z] one outside"
                    + " it), and \\ makes the next character literal";

    private final boolean everything;
    private final List<Chunk> chunks;

    private Glob(boolean everything, List<Chunk> chunks) {
        this.everything = everything;
        this.chunks = chunks;
    }

    /**
     * A run of single-character atoms, preceded by a star or not; {@code literal} is the run as text when every atom is
     * a literal character (the common case, searched with {@link String#indexOf}), else null.
     */
    private record Chunk(boolean star, List<Atom> atoms, String literal) {

        static Chunk of(boolean star, List<Atom> atoms) {
            StringBuilder text = new StringBuilder();
            for (Atom atom : atoms) {
                if (!(atom instanceof Literal literal)) {
                    return new Chunk(star, atoms, null);
                }
                text.appendCodePoint(literal.codePoint());
            }
            return new Chunk(star, atoms, text.toString());
        }
    }

    private sealed interface Atom {
        boolean matches(int codePoint);
    }

    private record Literal(int codePoint) implements Atom {
        @Override
        public boolean matches(int candidate) {
            return candidate == codePoint;
        }
    }

    private record AnyCharacter() implements Atom {
        @Override
        public boolean matches(int candidate) {
            return true;
        }
    }

    private record CharacterSet(boolean negated, int[] lows, int[] highs) implements Atom {
        @Override
        public boolean matches(int candidate) {
            boolean inside = false;
            for (int i = 0; i < lows.length; i++) {
                if (lows[i] <= candidate && candidate <= highs[i]) {
                    inside = true;
                    break;
                }
            }
            return inside != negated;
        }
    }

    /**
     * Compiles a pattern; {@code column} is where the pattern starts in the condition, for errors.
     *
     * @throws ConditionSyntaxException when a set is not closed or is empty, or the pattern ends with {@code \}
     */
    static Glob compile(String pattern, int column) throws ConditionSyntaxException {
        if (pattern.equals("*")) {
            return new Glob(true, List.of());
        }
        // The code points of the pattern without '/', each with its column in the condition.
        int[] points = pattern.codePoints().toArray();
        int[] codes = new int[points.length];
        int[] columns = new int[points.length];
        int count = 0;
        int charIndex = 0;
        for (int point : points) {
            if (point != '/') {
                codes[count] = point;
                columns[count] = column + charIndex;
                count++;
            }
            charIndex += Character.charCount(point);
        }
        int end = column + pattern.length();
        List<Chunk> chunks = new ArrayList<>();
        int i = 0;
        while (i < count) {
            boolean star = false;
            while (i < count && codes[i] == '*') {
                star = true;
                i++;
            }
            List<Atom> atoms = new ArrayList<>();
            while (i < count && codes[i] != '*') {
                int c = codes[i];
                if (c == '\\') {
                    if (i + 1 >= count) {
                        throw new ConditionSyntaxException(
                                columns[i], "pat() ends with \\, which needs a character after it; " + SYNTAX);
                    }
                    atoms.add(new Literal(codes[i + 1]));
                    i += 2;
                } else if (c == '?') {
                    atoms.add(new AnyCharacter());
                    i++;
                } else if (c == '[') {
                    i = characterSet(codes, columns, count, i, end, atoms);
                } else {
                    atoms.add(new Literal(c));
                    i++;
                }
            }
            chunks.add(Chunk.of(star, List.copyOf(atoms)));
        }
        return new Glob(false, List.copyOf(chunks));
    }

    /** Parses {@code [...]} starting at {@code start}; returns the index after the closing bracket. */
    private static int characterSet(int[] codes, int[] columns, int count, int start, int end, List<Atom> atoms)
            throws ConditionSyntaxException {
        int i = start + 1;
        boolean negated = false;
        if (i < count && codes[i] == '^') {
            negated = true;
            i++;
        }
        List<int[]> ranges = new ArrayList<>();
        while (true) {
            if (i < count && codes[i] == ']' && !ranges.isEmpty()) {
                i++;
                break;
            }
            int[] low = setCharacter(codes, columns, count, i, end, start);
            i = low[1];
            int high = low[0];
            if (codes[i] == '-') {
                int[] upper = setCharacter(codes, columns, count, i + 1, end, start);
                high = upper[0];
                i = upper[1];
            }
            ranges.add(new int[] {low[0], high});
        }
        int[] lows = new int[ranges.size()];
        int[] highs = new int[ranges.size()];
        for (int k = 0; k < ranges.size(); k++) {
            lows[k] = ranges.get(k)[0];
            highs[k] = ranges.get(k)[1];
        }
        atoms.add(new CharacterSet(negated, lows, highs));
        return i;
    }

    /** One character of a set (possibly escaped): {code point, next index}; the set must go on after it. */
    private static int[] setCharacter(int[] codes, int[] columns, int count, int i, int end, int setStart)
            throws ConditionSyntaxException {
        if (i >= count) {
            throw new ConditionSyntaxException(end, "pat() has a [ that is not closed by ]; " + SYNTAX);
        }
        if (codes[i] == '-' || codes[i] == ']') {
            throw new ConditionSyntaxException(
                    columns[i],
                    "pat() has a set [...] that is empty or has a range without a start; write it as [abc] or [a-z]; "
                            + SYNTAX);
        }
        int codePoint = codes[i];
        if (codePoint == '\\') {
            i++;
            if (i >= count) {
                throw new ConditionSyntaxException(end, "pat() has a [ that is not closed by ]; " + SYNTAX);
            }
            codePoint = codes[i];
        }
        i++;
        if (i >= count) {
            throw new ConditionSyntaxException(
                    setStart < count ? columns[setStart] : end, "pat() has a [ that is not closed by ]; " + SYNTAX);
        }
        return new int[] {codePoint, i};
    }

    /** Whether the whole value matches the pattern (every {@code /} in the value ignored). */
    boolean matches(String value) {
        if (everything) {
            return true;
        }
        String name = value.indexOf('/') >= 0 ? value.replace("/", "") : value;
        int position = 0;
        for (int c = 0; c < chunks.size(); c++) {
            Chunk chunk = chunks.get(c);
            boolean last = c == chunks.size() - 1;
            if (chunk.star() && chunk.atoms().isEmpty()) {
                return true; // a trailing star takes the rest
            }
            if (chunk.literal() != null) {
                position = matchLiteral(chunk, last, name, position);
                if (position < 0) {
                    return false;
                }
                continue;
            }
            int matchedTo = matchChunk(chunk.atoms(), name, position);
            if (matchedTo >= 0 && (!last || matchedTo == name.length())) {
                position = matchedTo;
                continue;
            }
            if (!chunk.star()) {
                return false;
            }
            // The star takes one more character at a time until the chunk matches after it.
            boolean found = false;
            int skip = position;
            while (skip < name.length()) {
                skip += Character.charCount(name.codePointAt(skip));
                matchedTo = matchChunk(chunk.atoms(), name, skip);
                if (matchedTo >= 0 && (!last || matchedTo == name.length())) {
                    position = matchedTo;
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return position == name.length();
    }

    /**
     * A chunk of literal characters: right here without a star; otherwise at its first occurrence, or (the last chunk)
     * at the very end. Returns the index after it, or -1.
     */
    private static int matchLiteral(Chunk chunk, boolean last, String name, int position) {
        String literal = chunk.literal();
        if (!chunk.star()) {
            if (!name.startsWith(literal, position)) {
                return -1;
            }
            return !last || position + literal.length() == name.length() ? position + literal.length() : -1;
        }
        if (last) {
            int at = name.length() - literal.length();
            return at >= position && name.startsWith(literal, at) ? name.length() : -1;
        }
        int at = name.indexOf(literal, position);
        return at < 0 ? -1 : at + literal.length();
    }

    /** The index after the atoms matched from {@code start}, or -1. */
    private static int matchChunk(List<Atom> atoms, String name, int start) {
        int position = start;
        for (Atom atom : atoms) {
            if (position >= name.length()) {
                return -1;
            }
            int codePoint = name.codePointAt(position);
            if (!atom.matches(codePoint)) {
                return -1;
            }
            position += Character.charCount(codePoint);
        }
        return position;
    }
}
