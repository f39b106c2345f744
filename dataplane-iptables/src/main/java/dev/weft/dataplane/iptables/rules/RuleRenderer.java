package dev.weft.dataplane.iptables.rules;

import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.filter.Action;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.EndpointChain;
import dev.weft.model.filter.Match;
import dev.weft.model.filter.PolicyChain;
import dev.weft.model.filter.Rule;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSetId;
import dev.weft.model.ipset.Protocol;
import dev.weft.model.sync.DesiredState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Translation of a {@link DesiredState} into the {@code filter} table of one address family
 * (Calico's {@code rules} layer): no I/O, deterministic, same state → same text and hashes.
 *
 * <p>Chains (all {@code WEFT-*}; {@code P} = the endpoint interface prefix, e.g. {@code wft}):
 * <pre>
 * FORWARD ─► WEFT-FORWARD   -i P+ -j WEFT-POD-FWD ; -o P+ -j WEFT-POD-FWD
 * INPUT   ─► WEFT-INPUT     -i P+ -j WEFT-POD-IN
 * OUTPUT  ─► WEFT-OUTPUT    -o P+: conntrack ESTABLISHED,RELATED ACCEPT, INVALID DROP
 *                           (new connections from the host to its own Pods are not policed, as
 *                           in Calico: kubelet probes must reach every Pod)
 * WEFT-POD-FWD   conntrack ESTABLISHED,RELATED ACCEPT; INVALID DROP;
 *                -i P+ -j WEFT-DISPATCH-FR (egress of the sending Pod);
 *                -o P+ -j WEFT-DISPATCH-TO (ingress of the receiving Pod); ACCEPT
 * WEFT-POD-IN    conntrack ESTABLISHED,RELATED ACCEPT; INVALID DROP; (IPv6: ICMPv6 RS/NS/NA ACCEPT);
 *                -j WEFT-DISPATCH-FR; then back to INPUT's own rules
 * WEFT-DISPATCH-FR / -TO   one "-i|-o IFACE -g WEFT-FR-*|WEFT-TO-*" per isolated endpoint; an
 *                interface without a chain (not isolated in that direction) falls through: allowed
 * WEFT-TO-* / WEFT-FR-* (endpoint chains)   clear mark bit A; for each policy chain: -j it, then
 *                "-m mark --mark A/A -j RETURN"; finally DROP (the default action)
 * WEFT-PI-* / WEFT-PE-* (policy chains)    one rule per model {@link Rule}: its matches, then
 *                "-g WEFT-ALLOW" (allow) or "-j DROP" (deny); no match: falls off the end;
 *                a port match renders as "-p PROTO ... -m PROTO --dport A[:B]", as iptables-save prints it
 * WEFT-ALLOW     -j MARK --set-xmark A/A  (entered by goto, so it returns to the endpoint chain)
 * </pre>
 * Each rule carries {@code -m comment --comment "weft:<hash>"} ({@link RuleHashes}); policy rules
 * also carry their NetworkPolicy origin ({@code x/p ingress[0] from[1] ports[0]}).
 *
 * <p>Not thread-safe (it remembers the previous call's policy chain renderings, so that only changed
 * policies are re-rendered); the output depends only on the arguments.
 *
 * <p>IP sets are named per family ({@link IpSetId#kernelName(IpFamily)}); the set manager creates
 * every desired set in both families, so a rule may name a set that is empty in this family.
 */
public final class RuleRenderer {
    /** Weft's top-level chain for FORWARD. */
    public static final String FORWARD = "WEFT-FORWARD";
    /** Weft's top-level chain for INPUT. */
    public static final String INPUT = "WEFT-INPUT";
    /** Weft's top-level chain for OUTPUT. */
    public static final String OUTPUT = "WEFT-OUTPUT";
    static final String POD_FWD = "WEFT-POD-FWD";
    static final String POD_IN = "WEFT-POD-IN";
    static final String DISPATCH_FROM = "WEFT-DISPATCH-FR";
    static final String DISPATCH_TO = "WEFT-DISPATCH-TO";
    static final String ALLOW = "WEFT-ALLOW";
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern UNSAFE = Pattern.compile("[\"\\\\\\n\\r]");

    private final String interfacePrefix;
    private final String mark;
    /** Renderings of the policy chains of the previous call, per family: unchanged chains are not re-rendered. */
    private final Map<IpFamily, Map<PolicyChain, RenderedChain>> policyCache = new EnumMap<>(IpFamily.class);

    /**
     * @param interfacePrefix the host-side interface name prefix of local Pods ({@code wft}); 1–14
     *     characters of {@code [A-Za-z0-9_.-]}
     * @param allowMark the single packet-mark bit that means "this direction allowed", e.g.
     *     {@code 0x20000}; it must not be used by anything else on the node
     * @throws IllegalArgumentException if the prefix is invalid or the mark is not one bit
     */
    public RuleRenderer(String interfacePrefix, int allowMark) {
        Objects.requireNonNull(interfacePrefix, "interfacePrefix");
        if (interfacePrefix.length() > 14 || !INTERFACE.matcher(interfacePrefix).matches()) {
            throw new IllegalArgumentException("invalid interface prefix '" + interfacePrefix + "'");
        }
        if (Integer.bitCount(allowMark) != 1) {
            throw new IllegalArgumentException("allow mark must be a single bit, got 0x" + Integer.toHexString(allowMark));
        }
        this.interfacePrefix = interfacePrefix;
        this.mark = "0x" + Integer.toHexString(allowMark);
    }

    /**
     * Renders {@code state} for {@code family}.
     *
     * @throws IllegalArgumentException if an endpoint's interface name is not a valid Linux
     *     interface name with the configured prefix, or two endpoints share an interface; nothing
     *     is rendered then (the caller keeps the old rules)
     */
    public RenderedFilter render(DesiredState state, IpFamily family) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(family, "family");
        Map<String, RenderedChain> chains = new TreeMap<>();
        String any = interfacePrefix + "+";
        put(chains, new RenderedChain.Builder(FORWARD)
                .add("-i " + any + " -j " + POD_FWD)
                .add("-o " + any + " -j " + POD_FWD));
        put(chains, new RenderedChain.Builder(INPUT).add("-i " + any + " -j " + POD_IN));
        put(chains, new RenderedChain.Builder(OUTPUT)
                .add("-o " + any + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
                .add("-o " + any + " -m conntrack --ctstate INVALID -j DROP"));
        put(chains, new RenderedChain.Builder(POD_FWD)
                .add("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
                .add("-m conntrack --ctstate INVALID -j DROP")
                .add("-i " + any + " -j " + DISPATCH_FROM)
                .add("-o " + any + " -j " + DISPATCH_TO)
                .add("-j ACCEPT"));
        RenderedChain.Builder podIn = new RenderedChain.Builder(POD_IN)
                .add("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
                .add("-m conntrack --ctstate INVALID -j DROP");
        if (family == IpFamily.V6) {
            for (int type : new int[] {133, 135, 136}) {
                podIn.add("-p ipv6-icmp -m icmp6 --icmpv6-type " + type + " -j ACCEPT");
            }
        }
        put(chains, podIn.add("-j " + DISPATCH_FROM));
        put(chains, new RenderedChain.Builder(ALLOW).add("-j MARK --set-xmark " + mark + "/" + mark));
        renderDispatch(state, chains);
        for (EndpointChain ec : state.endpointChains().values()) {
            put(chains, renderEndpointChain(ec));
        }
        Map<PolicyChain, RenderedChain> previous = policyCache.getOrDefault(family, Map.of());
        Map<PolicyChain, RenderedChain> current = new HashMap<>();
        for (PolicyChain pc : state.policyChains().values()) {
            RenderedChain rc = previous.get(pc);
            if (rc == null) {
                rc = renderPolicyChain(pc, family).build();
            }
            current.put(pc, rc);
            chains.put(rc.name(), rc);
        }
        policyCache.put(family, current);
        List<JumpRule> jumps = List.of(JumpRule.to("INPUT", INPUT), JumpRule.to("FORWARD", FORWARD), JumpRule.to("OUTPUT", OUTPUT));
        return new RenderedFilter(family, new TreeMap<>(chains), jumps);
    }

    private void renderDispatch(DesiredState state, Map<String, RenderedChain> chains) {
        Map<String, LocalEndpoint> byInterface = new TreeMap<>();
        for (LocalEndpoint ep : state.endpoints().values()) {
            String name = ep.interfaceName();
            if (!INTERFACE.matcher(name).matches() || !name.startsWith(interfacePrefix)) {
                throw new IllegalArgumentException("endpoint " + ep.id() + ": interface '" + name
                        + "' is not a valid interface name starting with '" + interfacePrefix + "'");
            }
            LocalEndpoint other = byInterface.put(name, ep);
            if (other != null) {
                throw new IllegalArgumentException("endpoints " + other.id() + " and " + ep.id() + " share interface " + name);
            }
        }
        RenderedChain.Builder from = new RenderedChain.Builder(DISPATCH_FROM);
        RenderedChain.Builder to = new RenderedChain.Builder(DISPATCH_TO);
        for (LocalEndpoint ep : byInterface.values()) {
            ep.egressChain().ifPresent(c -> from.add("-i " + ep.interfaceName() + " -g " + c.value(), ep.id().toString()));
            ep.ingressChain().ifPresent(c -> to.add("-o " + ep.interfaceName() + " -g " + c.value(), ep.id().toString()));
        }
        put(chains, from);
        put(chains, to);
    }

    private RenderedChain.Builder renderEndpointChain(EndpointChain ec) {
        RenderedChain.Builder b = new RenderedChain.Builder(ec.name().value());
        b.add("-j MARK --set-xmark 0x0/" + mark);
        for (ChainName policy : ec.policyChains()) {
            b.add("-j " + policy.value());
            b.add("-m mark --mark " + mark + "/" + mark + " -j RETURN");
        }
        b.add(ec.defaultAction() instanceof Action.Deny ? "-j DROP" : "-j RETURN");
        return b;
    }

    private RenderedChain.Builder renderPolicyChain(PolicyChain pc, IpFamily family) {
        RenderedChain.Builder b = new RenderedChain.Builder(pc.name().value());
        for (Rule rule : pc.rules()) {
            StringBuilder spec = new StringBuilder();
            Protocol protocol = null;
            for (Match m : rule.matches()) {
                if (spec.length() > 0) {
                    spec.append(' ');
                }
                if (m instanceof Match.L4Protocol p) {
                    protocol = p.protocol();
                }
                if (m instanceof Match.DestinationPort p) {
                    if (protocol == null) {
                        throw new IllegalArgumentException(pc.name() + " " + rule.origin() + ": a port match without a protocol match before it");
                    }
                    // The explicit protocol match ("-m tcp") keeps --dport bound to it whatever precedes.
                    spec.append("-m ").append(protocol.keyword()).append(" --dport ").append(p.range());
                } else {
                    spec.append(match(m, family));
                }
            }
            if (spec.length() > 0) {
                spec.append(' ');
            }
            spec.append(rule.action() instanceof Action.Allow ? "-g " + ALLOW : "-j DROP");
            b.add(spec.toString(), comment(rule.origin().comment()));
        }
        return b;
    }

    private static String comment(String text) {
        // Namespace and policy names are DNS labels; anything that could break the quoting is
        // replaced, and iptables' comment match holds at most 255 characters.
        String safe = UNSAFE.matcher(text).replaceAll("_");
        return safe.length() <= 255 ? safe : safe.substring(0, 255);
    }

    /** The iptables text of one match other than a port match; see {@link Match} for the mapping. */
    static String match(Match m, IpFamily family) {
        if (m instanceof Match.SourceSet s) {
            return "-m set --match-set " + set(s.set(), family) + " src";
        } else if (m instanceof Match.DestinationSet d) {
            return "-m set --match-set " + set(d.set(), family) + " dst";
        } else if (m instanceof Match.DestinationSetWithPort p) {
            return "-m set --match-set " + set(p.set(), family) + " dst,dst";
        } else if (m instanceof Match.L4Protocol p) {
            return "-p " + p.protocol().keyword();
        } else if (m instanceof Match.DestinationPort) {
            throw new IllegalStateException("a port match is rendered with its rule's protocol");
        }
        throw new IllegalArgumentException("unknown match " + m);
    }

    private static String set(IpSetId id, IpFamily family) {
        return id.kernelName(family);
    }

    private static void put(Map<String, RenderedChain> chains, RenderedChain.Builder b) {
        RenderedChain c = b.build();
        if (chains.put(c.name(), c) != null) {
            throw new IllegalArgumentException("chain " + c.name() + " rendered twice");
        }
    }
}
