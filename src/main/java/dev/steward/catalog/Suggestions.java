package dev.steward.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name a misspelt one was probably meant to be, for "did you mean" hints. */
final class Suggestions {

    /** How many names a message lists. */
    private static final int LISTED = 12;

    private Suggestions() {}

    /** The closest of the candidates, when it is close enough to be a likely typo (or differs only in case). */
    static Optional<String> closest(String given, Collection<String> candidates) {
        String lower = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A third of the length, at least one and at most three edits: "intervall" → interval, not "url" → "alert".
        int allowed = Math.max(1, Math.min(3, given.length() / 3));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * What to say about a reference to a name that is not declared: {@code no policy is named latncy; did you mean
     * `latency`?}, else the declared names, else that none is declared.
     *
     * @param kind what the name should name, e.g. {@code policy}
     * @param plural e.g. {@code policies}
     * @param display the name as a message may show it
     */
    static String unknownName(String kind, String plural, String display, Collection<String> known) {
        String hint = known.isEmpty()
                ? "; no " + plural + " are declared"
                : closest(display, known)
                        .map(suggestion -> "; did you mean `" + suggestion + "`?")
                        .orElse("; " + plural + " are " + listed(known));
        return "no " + kind + " is named " + display + hint;
    }

    /** The names for a message, at most a dozen: a catalog of thousands must not turn one message into a page. */
    private static String listed(Collection<String> names) {
        List<String> all = List.copyOf(names);
        return all.size() <= LISTED
                ? String.join(", ", all)
                : String.join(", ", all.subList(0, LISTED)) + ", … (" + all.size() + " in all)";
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit ("tiemout" → "timeout"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
