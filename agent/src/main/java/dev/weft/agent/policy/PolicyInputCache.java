package dev.weft.agent.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PolicyInputs#fromDatastore} that reuses the conversion of every object whose body is
 * unchanged since the previous state ({@link JsonNode#equals} deep comparison): the directory
 * datastore re-reads every file on each change, while usually one object changed. A rejected object
 * is logged again only when its body changes. Not thread-safe: one instance per consumer thread.
 */
final class PolicyInputCache {
    private record Entry(JsonNode body, String source, PolicyInputs.Converted converted) {}

    private Map<String, Entry> entries = new HashMap<>();

    /** Converts a datastore state, reusing unchanged objects' conversions; forgets vanished objects. */
    PolicyInputs.Result convert(ClusterState state) {
        Map<String, Entry> next = new HashMap<>();
        List<Resource> all = new ArrayList<>();
        all.addAll(state.resources("Namespace").values());
        all.addAll(state.resources("Pod").values());
        all.addAll(state.resources("NetworkPolicy").values());
        PolicyInputs.Result r = PolicyInputs.fromResources(all, res -> {
            String key = res.kind() + " " + res.key();
            String source = res.source() == null ? "" : res.source().getFileName().toString();
            Entry e = entries.get(key);
            if (e == null || !e.body().equals(res.body()) || !e.source().equals(source)) {
                e = new Entry(res.body(), source, PolicyInputs.convert(res));
            }
            next.put(key, e);
            return e.converted();
        });
        entries = next;
        return r;
    }
}
