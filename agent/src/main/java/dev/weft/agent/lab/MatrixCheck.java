package dev.weft.agent.lab;

import dev.weft.agent.lab.NetpolCase.Cell;
import dev.weft.agent.lab.NetpolCase.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a probe's expected matrix with an observed one (FORMAT.md "probes"). A cell is skipped
 * when it is {@code unasserted}, when it is loopback ({@code from == to}) and the case says
 * {@code ignore_loopback}, when it touches a Pod the lab cannot probe (hostNetwork, not running),
 * or when it touches a Pod that was not created (a {@code pods_created} run). Every other cell must
 * have been observed with the expected verdict; an asserted cell that was not observed at all is a
 * mismatch ({@code got not probed}), never a silent pass.
 */
final class MatrixCheck {
    private MatrixCheck() {}

    /** An observed matrix: from ({@code ns/pod}) → to → reachable. */
    interface Observed {
        /** The observation of a cell, or null when not observed. */
        Boolean get(String from, String to);

        /** From a nested map. */
        static Observed of(Map<String, Map<String, Boolean>> cells) {
            return (from, to) -> {
                Map<String, Boolean> row = cells.get(from);
                return row == null ? null : row.get(to);
            };
        }
    }

    /** A differing cell. @param got {@code allowed}, {@code denied} or {@code not probed} */
    record Mismatch(String from, String to, Cell expected, String got) {
        /** {@code x/a->y/b expected allowed got denied}. */
        String describe() {
            return from + "->" + to + " expected " + expected.word() + " got " + got;
        }
    }

    /** The comparison: mismatches, and how many cells were checked and skipped. */
    record Outcome(List<Mismatch> mismatches, int checked, int skipped) {
        boolean passed() {
            return mismatches.isEmpty();
        }
    }

    /**
     * Compares.
     *
     * @param ignoreLoopback the case's {@code ignore_loopback}
     * @param unprobeable Pods whose cells are not checked (hostNetwork, not running)
     * @param considered the Pods created for a {@code pods_created} run, or null for all Pods
     */
    static Outcome compare(Probe probe, Observed observed, boolean ignoreLoopback, Set<String> unprobeable,
            Set<String> considered) {
        List<Mismatch> mismatches = new ArrayList<>();
        int checked = 0;
        int skipped = 0;
        for (Map.Entry<String, Map<String, Cell>> row : probe.expected().entrySet()) {
            String from = row.getKey();
            for (Map.Entry<String, Cell> cell : row.getValue().entrySet()) {
                String to = cell.getKey();
                Cell want = cell.getValue();
                boolean skip = want == Cell.UNASSERTED
                        || ignoreLoopback && from.equals(to)
                        || unprobeable.contains(from) || unprobeable.contains(to)
                        || considered != null && (!considered.contains(from) || !considered.contains(to));
                if (skip) {
                    skipped++;
                    continue;
                }
                checked++;
                Boolean got = observed.get(from, to);
                if (got == null) {
                    mismatches.add(new Mismatch(from, to, want, "not probed"));
                } else if (got != (want == Cell.ALLOWED)) {
                    mismatches.add(new Mismatch(from, to, want, got ? "allowed" : "denied"));
                }
            }
        }
        return new Outcome(List.copyOf(mismatches), checked, skipped);
    }
}
