package dev.weft.agent.datastore;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as Kubernetes objects write them: a Go/metav1 duration string ({@code 90s},
 * {@code 1m30s}, {@code 1h}, {@code 500ms}) or a bare number of seconds.
 */
final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s|ms|us|µs|ns)");

    private Durations() {}

    /**
     * The duration in whole seconds (rounded down).
     *
     * @throws IllegalArgumentException for anything else, naming the text
     */
    static long seconds(String text) {
        String s = text.trim();
        if (s.matches("\\d+")) {
            return Long.parseLong(s);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = PART.matcher(s);
        double nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            end = m.end();
        }
        if (end != s.length()) {
            throw new IllegalArgumentException("invalid duration '" + text + "' (expected e.g. 90s, 1m30s or seconds)");
        }
        return (long) (nanos / 1e9);
    }
}
