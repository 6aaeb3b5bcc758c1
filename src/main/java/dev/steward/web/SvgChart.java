package dev.steward.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.springframework.web.util.HtmlUtils;

/**
 * Draws the service page's latency chart as inline SVG on the server: p50 as a solid line, p95 dashed, one point per
 * bucket, a gap where a bucket has no results. Colours come from the stylesheet (classes {@code p50}, {@code p95},
 * {@code grid}, {@code axis}), so the chart follows dark mode. The SVG carries a title and a description in words
 * for screen readers; the page puts the numbers in a table beside it.
 */
final class SvgChart {

    static final int WIDTH = 480;
    static final int HEIGHT = 170;
    private static final int LEFT = 52;
    private static final int RIGHT = 10;
    private static final int TOP = 10;
    private static final int BOTTOM = 22;

    /**
     * One bucket: its percentiles in milliseconds (empty without results) and its label on the time axis.
     *
     * @param label shown under the first, middle and last buckets
     */
    record Point(String label, OptionalDouble p50, OptionalDouble p95) {}

    private SvgChart() {}

    /**
     * The chart as an {@code <svg>} element.
     *
     * @param id unique on the page; the title's and description's ids derive from it
     * @param title e.g. "Latency of health, last 24 hours"
     * @param description the chart in words
     */
    static String latency(String id, String title, String description, List<Point> points) {
        double max = niceCeiling(points.stream()
                .mapToDouble(
                        point -> Math.max(point.p95().orElse(0), point.p50().orElse(0)))
                .max()
                .orElse(0));
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"")
                .append(id)
                .append("-title ")
                .append(id)
                .append("-desc\">");
        svg.append("<title id=\"")
                .append(id)
                .append("-title\">")
                .append(escape(title))
                .append("</title>");
        svg.append("<desc id=\"")
                .append(id)
                .append("-desc\">")
                .append(escape(description))
                .append("</desc>");
        for (int i = 0; i <= 2; i++) {
            double value = max * i / 2;
            double y = TOP + plotHeight - plotHeight * i / 2;
            svg.append("<line class=\"grid\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y1=\"")
                    .append(number(y))
                    .append("\" y2=\"")
                    .append(number(y))
                    .append("\"/>");
            svg.append("<text class=\"axis\" text-anchor=\"end\" x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(number(y + 4))
                    .append("\">")
                    .append(escape(millis(value)))
                    .append("</text>");
        }
        int n = points.size();
        for (int i : labelled(n)) {
            String anchor = i == 0 ? "start" : i == n - 1 ? "end" : "middle";
            double x = i == 0 ? LEFT : i == n - 1 ? WIDTH - RIGHT : x(i, n, plotWidth);
            svg.append("<text class=\"axis\" text-anchor=\"")
                    .append(anchor)
                    .append("\" x=\"")
                    .append(number(x))
                    .append("\" y=\"")
                    .append(HEIGHT - 6)
                    .append("\">")
                    .append(escape(points.get(i).label()))
                    .append("</text>");
        }
        if (max > 0) {
            line(svg, "p95", points.stream().map(Point::p95).toList(), max, plotWidth, plotHeight);
            line(svg, "p50", points.stream().map(Point::p50).toList(), max, plotWidth, plotHeight);
        } else {
            svg.append("<text class=\"axis\" text-anchor=\"middle\" x=\"")
                    .append(number(LEFT + plotWidth / 2))
                    .append("\" y=\"")
                    .append(number(TOP + plotHeight / 2))
                    .append("\">no latencies in this range</text>");
        }
        return svg.append("</svg>").toString();
    }

    /** A series as paths between neighbouring buckets with values, and a dot for a value without neighbours. */
    private static void line(
            StringBuilder svg, String series, List<OptionalDouble> values, double max, double width, double height) {
        int n = values.size();
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (values.get(i).isEmpty()) {
                continue;
            }
            double x = x(i, n, width);
            double y = TOP + height - height * values.get(i).getAsDouble() / max;
            boolean before = i > 0 && values.get(i - 1).isPresent();
            boolean after = i < n - 1 && values.get(i + 1).isPresent();
            if (!before && !after) {
                svg.append("<circle class=\"")
                        .append(series)
                        .append("\" r=\"2.5\" cx=\"")
                        .append(number(x))
                        .append("\" cy=\"")
                        .append(number(y))
                        .append("\"/>");
                continue;
            }
            path.append(before ? " L" : " M").append(number(x)).append(' ').append(number(y));
        }
        if (!path.isEmpty()) {
            svg.append("<path class=\"")
                    .append(series)
                    .append("\" d=\"")
                    .append(path.substring(1))
                    .append("\"/>");
        }
    }

    private static double x(int index, int count, double width) {
        return LEFT + width * (index + 0.5) / count;
    }

    /** The buckets whose labels are drawn: the first, the middle and the last. */
    private static List<Integer> labelled(int count) {
        List<Integer> indexes = new ArrayList<>();
        if (count > 0) {
            indexes.add(0);
        }
        if (count > 2) {
            indexes.add(count / 2);
        }
        if (count > 1) {
            indexes.add(count - 1);
        }
        return indexes;
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code value} (0 stays 0). */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 0;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * power >= value) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** An axis label: {@code 0}, {@code 2.5 ms}, {@code 500 ms}, {@code 1.5 s}. */
    static String millis(double value) {
        if (value == 0) {
            return "0";
        }
        if (value >= 1000) {
            return trim(value / 1000) + " s";
        }
        return trim(value) + " ms";
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.replaceAll("\\.?0+$", "");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
