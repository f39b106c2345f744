package dev.weft.dataplane.iptables.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The smallest {@code iptables-restore --noflush} transaction that turns an observed {@code filter}
 * table into the rendered one: only chains whose hash list differs are rewritten (so the counters
 * of unchanged chains are kept), Weft chains that are no longer wanted are flushed and deleted,
 * missing jump rules are inserted and stale or duplicate ones deleted. Pure function.
 */
public final class FilterDiff {
    private FilterDiff() {}

    /** The restore input, or the empty string if {@code observed} already matches {@code desired}. */
    public static String between(ObservedFilter observed, RenderedFilter desired) {
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(desired, "desired");
        RestoreInputBuilder b = new RestoreInputBuilder("filter");
        for (RenderedChain chain : desired.chains().values()) {
            if (!chain.hashes().equals(observed.chains().get(chain.name()))) {
                b.writeChain(chain);
            }
        }
        for (String name : observed.chains().keySet()) {
            if (!desired.chains().containsKey(name)) {
                b.deleteChain(name);
            }
        }
        Map<String, JumpRule> wanted = new HashMap<>();
        desired.jumps().forEach(j -> wanted.put(j.chain() + " " + j.hash(), j));
        Map<String, Boolean> seen = new HashMap<>();
        for (ObservedFilter.SeenJump j : observed.jumps()) {
            String key = j.chain() + " " + j.hash();
            if (!wanted.containsKey(key) || seen.putIfAbsent(key, true) != null) {
                b.deleteRule(j.chain(), j.specAsSaved());
            }
        }
        for (JumpRule j : desired.jumps()) {
            if (!seen.containsKey(j.chain() + " " + j.hash())) {
                b.insertJump(j);
            }
        }
        return b.build();
    }
}
