package dev.weft.bench.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample statistics of one measured quantity, in milliseconds. */
final class Stats {
    private final List<Double> samples = new ArrayList<>();

    void add(double ms) {
        samples.add(ms);
    }

    int count() {
        return samples.size();
    }

    double median() {
        return quantile(0.5);
    }

    /** Linear-interpolated quantile {@code q} in [0, 1]; NaN when empty. */
    double quantile(double q) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        double pos = q * (s.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s.get(lo) + (s.get(hi) - s.get(lo)) * (pos - lo);
    }

    double min() {
        return samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** {@code {n, median_ms, min_ms, max_ms, samples_ms}} for the JSON report. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", samples.size());
        m.put("median_ms", round(median()));
        m.put("min_ms", round(min()));
        m.put("max_ms", round(max()));
        m.put("samples_ms", samples.stream().map(Stats::round).toList());
        return m;
    }

    static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
    }

    static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
