package dev.steward.backup;

import java.util.Locale;

/** How backup sizes are written for people, on the pages and on the command line alike. */
public final class BackupSizes {

    private static final String[] UNITS = {"kB", "MB", "GB", "TB", "PB"};

    private BackupSizes() {}

    /** A size in decimal units, as storage consoles and {@code df -H} show it: {@code 512 B}, {@code 12.3 MB}. */
    public static String decimal(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
