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
        List<Path> remaining = new ArrayList<>(candidates);
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
        return remaining.isEmpty() ? Optional.empty() : Optional.of(remaining.get(0));
    }
}
