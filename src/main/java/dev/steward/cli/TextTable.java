package dev.steward.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints rows as aligned columns separated by two spaces, the first row being the header. The last column is free text
 * and is not padded; {@code rightAligned} names the column (e.g. a latency) whose values line up on the right.
 */
final class TextTable {

    private TextTable() {}

    static void print(PrintWriter out, List<String[]> rows, int rightAligned) {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns - 1];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String padding = " ".repeat(widths[i] - row[i].length());
                line.append(i == rightAligned ? padding + row[i] : row[i] + padding)
                        .append("  ");
            }
            out.println(line.append(row[columns - 1]).toString().stripTrailing());
        }
    }
}
