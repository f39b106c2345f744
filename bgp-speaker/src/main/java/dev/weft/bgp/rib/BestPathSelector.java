package dev.weft.bgp.rib;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The decision process of RFC 4271 §9.1.2.2: apply each comparator of a chain by elimination,
 * keeping the paths no other remaining path beats, until one is left.
 */
public final class BestPathSelector {
    private final List<Comparator<Path>> chain;

    /** A selector for the given chain. */
    public BestPathSelector(List<Comparator<Path>> chain) {
        this.chain = List.copyOf(chain);
    }

    /** The RFC 4271 selector ({@link PathComparators#CHAIN}). */
    public static BestPathSelector rfc4271() {
        return new BestPathSelector(PathComparators.CHAIN);
    }

    /** The best of {@code candidates}, empty if there are none. */
    public Optional<Path> select(Collection<Path> candidates) {
        List<Path> all = List.copyOf(candidates);
        int i = selectIndex(all);
        return i < 0 ? Optional.empty() : Optional.of(all.get(i));
    }

    /**
     * The ECMP multipath set (the best path first, then every other candidate that ties with it
     * on each step of {@link PathComparators#MULTIPATH}, in candidate order), at most {@code maxPaths}.
     */
    public static List<Path> multipath(Path best, List<Path> candidates, int maxPaths) {
        List<Path> out = new ArrayList<>();
        out.add(best);
        for (Path p : candidates) {
            if (out.size() >= maxPaths) {
                break;
            }
            if (p != best && PathComparators.MULTIPATH.stream().allMatch(c -> c.compare(p, best) == 0)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The index of the best of {@code candidates}, -1 if there are none. */
    int selectIndex(List<Path> candidates) {
        List<Path> remaining = new ArrayList<>(candidates);
        if (remaining.isEmpty()) {
            return -1;
        }
        for (Comparator<Path> step : chain) {
            if (remaining.size() <= 1) {
                break;
            }
            List<Path> kept = new ArrayList<>();
            for (Path p : remaining) {
                boolean beaten = false;
                for (Path q : remaining) {
                    if (q != p && step.compare(q, p) < 0) {
                        beaten = true;
                        break;
                    }
                }
                if (!beaten) {
                    kept.add(p);
                }
            }
            remaining = kept;
        }
        Path best = remaining.get(0);
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i) == best) {
                return i;
            }
        }
        throw new IllegalStateException("best path not among the candidates");
    }
}
