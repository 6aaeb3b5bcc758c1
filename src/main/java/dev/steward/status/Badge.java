package dev.steward.status;

import java.util.Locale;

/**
 * A two-part SVG badge, {@code label | value}, as READMEs and wikis embed them: a grey label and a coloured value,
 * white text. Text widths are estimated per character for an 11 px sans-serif font, close enough that the text never
 * overflows its part; every text is XML-escaped.
 *
 * @param colour the value part's background, e.g. {@code #2e8540}
 */
record Badge(String label, String value, String colour) {

    static final String LABEL_COLOUR = "#555";
    private static final int HEIGHT = 20;
    private static final int PADDING = 6;

    /** The badge as an SVG document. */
    String svg() {
        int labelWidth = width(label) + 2 * PADDING;
        int valueWidth = width(value) + 2 * PADDING;
        int total = labelWidth + valueWidth;
        String title = escape(label + ": " + value);
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="%1$d" height="%2$d" role="img" aria-label="%3$s">\
                <title>%3$s</title>\
                <clipPath id="r"><rect width="%1$d" height="%2$d" rx="3" fill="#fff"/></clipPath>\
                <g clip-path="url(#r)">\
                <rect width="%4$d" height="%2$d" fill="%5$s"/>\
                <rect x="%4$d" width="%6$d" height="%2$d" fill="%7$s"/>\
                </g>\
                <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11">\
                <text x="%8$s" y="14">%9$s</text>\
                <text x="%10$s" y="14">%11$s</text>\
                </g>\
                </svg>
                """.formatted(
                        total,
                        HEIGHT,
                        title,
                        labelWidth,
                        LABEL_COLOUR,
                        valueWidth,
                        escape(colour),
                        half(labelWidth),
                        escape(label),
                        half(2 * labelWidth + valueWidth),
                        escape(value));
    }

    /** The estimated width of {@code text} in whole pixels, at 11 px. */
    static int width(String text) {
        double width = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            width += advance(c);
            i += Character.charCount(c);
        }
        return (int) Math.ceil(width);
    }

    /** Per-character advance widths of a Verdana-like font at 11 px, by shape; generous rather than tight. */
    private static double advance(int c) {
        if ("iljI.,:;!|'".indexOf(c) >= 0) {
            return 3.5;
        }
        if ("frt()[]{} -/".indexOf(c) >= 0) {
            return 4.8;
        }
        if ("mwMW%@".indexOf(c) >= 0) {
            return 10.5;
        }
        if (c >= '0' && c <= '9') {
            return 7.0;
        }
        if (c >= 'A' && c <= 'Z') {
            return 7.8;
        }
        if (c >= 'a' && c <= 'z') {
            return 6.6;
        }
        return 8.5; // anything else, e.g. letters of other scripts: rather too wide than cut
    }

    private static String half(int width) {
        return String.format(Locale.ROOT, "%.1f", width / 2.0);
    }

    /** {@code text} safe inside XML text and attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t') {
                        escaped.append(' '); // control characters are not allowed in XML 1.0
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** The badge of a component's state, e.g. {@code status | operational} in green. */
    static Badge state(String label, ComponentState state) {
        String colour = switch (state) {
            case OPERATIONAL -> "#2e8540";
            case UNDER_MAINTENANCE -> "#0969da";
            case DEGRADED_PERFORMANCE -> "#9a6700";
            case PARTIAL_OUTAGE -> "#bc4c00";
            case MAJOR_OUTAGE -> "#cf222e";
        };
        return new Badge(label, state.label().toLowerCase(Locale.ROOT), colour);
    }

    /** The badge of an uptime percentage, e.g. {@code uptime 30d | 99.95%}; {@code no data} in grey without one. */
    static Badge uptime(String label, java.util.OptionalDouble uptime) {
        if (uptime.isEmpty()) {
            return new Badge(label, "no data", "#767676");
        }
        double value = uptime.getAsDouble();
        String colour;
        if (value >= 99.9) {
            colour = "#2e8540";
        } else if (value >= 99.0) {
            colour = "#4d7c0f";
        } else if (value >= 95.0) {
            colour = "#9a6700";
        } else if (value >= 90.0) {
            colour = "#bc4c00";
        } else {
            colour = "#cf222e";
        }
        return new Badge(label, StatusPageModel.percent(value), colour);
    }
}
