package dev.weft.model.sync;

import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.EndpointChain;
import dev.weft.model.filter.Match;
import dev.weft.model.filter.PolicyChain;
import dev.weft.model.filter.Rule;
import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetId;
import dev.weft.model.ipset.IpSetType;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The complete desired policy dataplane of one node. Immutable, sorted by key, comparable with
 * {@code equals} (two computations of the same cluster state are equal regardless of input order).
 *
 * <p>Referentially closed: every set a rule names is in {@code ipSets} with a type that fits the
 * match ({@code hash:ip,port} only for {@link Match.DestinationSetWithPort}); every chain an
 * endpoint chain names is in {@code policyChains} with the same direction; every chain an endpoint
 * names is in {@code endpointChains}. Nothing unreferenced is included.
 *
 * @param ipSets the IP sets by id
 * @param policyChains the policy rule chains by name
 * @param endpointChains the per-endpoint chains by name
 * @param endpoints the local endpoints by Pod
 */
public record DesiredState(SortedMap<IpSetId, IpSet> ipSets, SortedMap<ChainName, PolicyChain> policyChains,
                           SortedMap<ChainName, EndpointChain> endpointChains,
                           SortedMap<EndpointId, LocalEndpoint> endpoints) {
    /** The state with nothing in it. */
    public static final DesiredState EMPTY = of(java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of());

    /**
     * @throws IllegalArgumentException if a key differs from its value's id/name or a reference is dangling
     */
    public DesiredState {
        ipSets = frozen(ipSets);
        policyChains = frozen(policyChains);
        endpointChains = frozen(endpointChains);
        endpoints = frozen(endpoints);
        check(ipSets, IpSet::id);
        check(policyChains, PolicyChain::name);
        check(endpointChains, EndpointChain::name);
        check(endpoints, LocalEndpoint::id);
        for (PolicyChain chain : policyChains.values()) {
            for (Rule rule : chain.rules()) {
                for (Match m : rule.matches()) {
                    checkSet(ipSets, chain, m);
                }
            }
        }
        for (EndpointChain chain : endpointChains.values()) {
            for (ChainName ref : chain.policyChains()) {
                PolicyChain target = policyChains.get(ref);
                if (target == null || target.direction() != chain.direction()) {
                    throw new IllegalArgumentException(chain.name() + " references missing " + chain.direction() + " policy chain " + ref);
                }
            }
        }
        for (LocalEndpoint ep : endpoints.values()) {
            checkEndpointChain(endpointChains, ep, ep.ingressChain());
            checkEndpointChain(endpointChains, ep, ep.egressChain());
        }
    }

    /** Builds a state from collections, keying each item by its own id/name. */
    public static DesiredState of(Collection<IpSet> ipSets, Collection<PolicyChain> policyChains,
                                  Collection<EndpointChain> endpointChains, Collection<LocalEndpoint> endpoints) {
        return new DesiredState(index(ipSets, IpSet::id), index(policyChains, PolicyChain::name),
                index(endpointChains, EndpointChain::name), index(endpoints, LocalEndpoint::id));
    }

    private static <K extends Comparable<K>, V> SortedMap<K, V> index(Collection<V> values, Function<V, K> key) {
        SortedMap<K, V> map = new TreeMap<>();
        for (V v : values) {
            if (map.put(key.apply(v), v) != null) {
                throw new IllegalArgumentException("duplicate key " + key.apply(v));
            }
        }
        return map;
    }

    private static <K, V> SortedMap<K, V> frozen(SortedMap<K, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    private static <K, V> void check(Map<K, V> map, Function<V, K> key) {
        map.forEach((k, v) -> {
            if (!k.equals(key.apply(v))) {
                throw new IllegalArgumentException("key " + k + " does not match its value's id " + key.apply(v));
            }
        });
    }

    private static void checkSet(Map<IpSetId, IpSet> sets, PolicyChain chain, Match m) {
        IpSetId id;
        boolean withPort;
        if (m instanceof Match.SourceSet s) {
            id = s.set();
            withPort = false;
        } else if (m instanceof Match.DestinationSet d) {
            id = d.set();
            withPort = false;
        } else if (m instanceof Match.DestinationSetWithPort p) {
            id = p.set();
            withPort = true;
        } else {
            return;
        }
        IpSet set = sets.get(id);
        if (set == null) {
            throw new IllegalArgumentException(chain.name() + " references missing IP set " + id);
        }
        if (withPort != (set.type() == IpSetType.HASH_IP_PORT)) {
            throw new IllegalArgumentException(chain.name() + " uses " + set.type().ipsetName() + " set " + id + " in " + m);
        }
    }

    private static void checkEndpointChain(Map<ChainName, EndpointChain> chains, LocalEndpoint ep, java.util.Optional<ChainName> ref) {
        if (ref.isPresent() && !chains.containsKey(ref.get())) {
            ChainName name = ref.get();
            throw new IllegalArgumentException("endpoint " + ep.id() + " references missing endpoint chain " + name);
        }
    }
}
