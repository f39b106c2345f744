package dev.weft.policy.calc;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.filter.Direction;
import dev.weft.model.filter.PortRange;
import dev.weft.model.ipset.Protocol;
import dev.weft.policy.calc.ValidPolicy.BlockPeer;
import dev.weft.policy.calc.ValidPolicy.SelectorPeer;
import dev.weft.policy.calc.ValidPolicy.ValidPeer;
import dev.weft.policy.calc.ValidPolicy.ValidPort;
import dev.weft.policy.calc.ValidPolicy.ValidRule;
import dev.weft.policy.input.IpBlockInfo;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.NetworkPolicyInfo;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PortInfo;
import dev.weft.policy.input.RuleInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validates a NetworkPolicy as the API server would (Kubernetes {@code pkg/apis/networking/validation}
 * {@code ValidateNetworkPolicySpec}) and resolves its effective policy types.
 */
final class PolicyValidator {
    /** IANA_SVC_NAME (RFC 6335 §5.1): 1–15 of [a-z0-9-], a letter somewhere, no leading/trailing/double '-'. */
    private static final Pattern SVC_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$");

    private PolicyValidator() {}

    /**
     * @throws InvalidPolicyException naming the first invalid field
     */
    static ValidPolicy validate(NetworkPolicyInfo p) throws InvalidPolicyException {
        Selector podSelector = Selector.compile(p.podSelector() == null ? LabelSelector.ALL : p.podSelector(), "spec.podSelector");
        boolean ingressType;
        boolean egressType;
        List<RuleInfo> ingress = p.ingress() == null ? List.of() : p.ingress();
        List<RuleInfo> egress = p.egress() == null ? List.of() : p.egress();
        if (p.policyTypes() == null || p.policyTypes().isEmpty()) {
            ingressType = true;
            egressType = !egress.isEmpty();
        } else {
            ingressType = false;
            egressType = false;
            for (int i = 0; i < p.policyTypes().size(); i++) {
                String t = p.policyTypes().get(i);
                if ("Ingress".equals(t)) {
                    ingressType = true;
                } else if ("Egress".equals(t)) {
                    egressType = true;
                } else {
                    throw new InvalidPolicyException("spec.policyTypes[" + i + "]: '" + t + "' is not Ingress or Egress");
                }
            }
        }
        return new ValidPolicy(p.namespace(), p.name(), podSelector, ingressType, egressType,
                rules(p.namespace(), ingress, Direction.INGRESS), rules(p.namespace(), egress, Direction.EGRESS));
    }

    private static List<ValidRule> rules(String ns, List<RuleInfo> rules, Direction d) throws InvalidPolicyException {
        List<ValidRule> out = new ArrayList<>();
        String base = d == Direction.INGRESS ? "spec.ingress[" : "spec.egress[";
        String peerField = d == Direction.INGRESS ? "from" : "to";
        for (int i = 0; i < rules.size(); i++) {
            RuleInfo r = rules.get(i);
            String where = base + i + "]";
            List<ValidPort> ports = new ArrayList<>();
            List<PortInfo> rawPorts = r.ports() == null ? List.of() : r.ports();
            for (int k = 0; k < rawPorts.size(); k++) {
                ports.add(port(rawPorts.get(k), where + ".ports[" + k + "]"));
            }
            List<ValidPeer> peers = new ArrayList<>();
            List<PeerInfo> rawPeers = r.peers() == null ? List.of() : r.peers();
            for (int j = 0; j < rawPeers.size(); j++) {
                peers.add(peer(ns, rawPeers.get(j), where + "." + peerField + "[" + j + "]"));
            }
            out.add(new ValidRule(List.copyOf(ports), List.copyOf(peers)));
        }
        return List.copyOf(out);
    }

    private static ValidPort port(PortInfo p, String where) throws InvalidPolicyException {
        Protocol protocol = p.protocol() == null ? Protocol.TCP : Protocol.fromKubernetes(p.protocol())
                .orElseThrow(() -> new InvalidPolicyException(where + ".protocol: '" + p.protocol()
                        + "' is not a supported protocol (TCP, UDP, SCTP)"));
        if (p.number() != null && p.name() != null) {
            throw new InvalidPolicyException(where + ".port: both a number and a name");
        }
        if (p.name() != null) {
            if (p.endPort() != null) {
                throw new InvalidPolicyException(where + ".endPort: may not be used with a named port ('" + p.name() + "')");
            }
            if (!SVC_NAME.matcher(p.name()).matches() || p.name().contains("--") || p.name().chars().noneMatch(Character::isLetter)) {
                throw new InvalidPolicyException(where + ".port: '" + p.name() + "' is not a valid port name (IANA_SVC_NAME: "
                        + "1-15 lower-case letters, digits and '-', with at least one letter)");
            }
            return new ValidPort(protocol, null, p.name());
        }
        if (p.number() == null) {
            if (p.endPort() != null) {
                throw new InvalidPolicyException(where + ".endPort: may not be used without a numeric port");
            }
            return new ValidPort(protocol, null, null);
        }
        int port = p.number();
        if (port < 1 || port > 65535) {
            throw new InvalidPolicyException(where + ".port: " + port + " is out of range 1-65535");
        }
        int end = port;
        if (p.endPort() != null) {
            end = p.endPort();
            if (end > 65535) {
                throw new InvalidPolicyException(where + ".endPort: " + end + " is out of range 1-65535");
            }
            if (end < port) {
                throw new InvalidPolicyException(where + ".endPort: " + end + " is less than port " + port);
            }
        }
        return new ValidPort(protocol, new PortRange(port, end), null);
    }

    private static ValidPeer peer(String ns, PeerInfo p, String where) throws InvalidPolicyException {
        boolean selectors = p.podSelector() != null || p.namespaceSelector() != null;
        if (p.ipBlock() != null) {
            if (selectors) {
                throw new InvalidPolicyException(where + ": ipBlock may not be combined with podSelector or namespaceSelector");
            }
            return block(p.ipBlock(), where + ".ipBlock");
        }
        if (!selectors) {
            throw new InvalidPolicyException(where + ": must specify podSelector, namespaceSelector or ipBlock");
        }
        Selector pods = p.podSelector() == null ? Selector.ALL : Selector.compile(p.podSelector(), where + ".podSelector");
        if (p.namespaceSelector() == null) {
            return new SelectorPeer(PodScope.inNamespace(ns, pods));
        }
        Selector namespaces = Selector.compile(p.namespaceSelector(), where + ".namespaceSelector");
        return new SelectorPeer(new PodScope(null, namespaces, pods));
    }

    private static BlockPeer block(IpBlockInfo b, String where) throws InvalidPolicyException {
        IpPrefix cidr = cidr(b.cidr(), where + ".cidr");
        TreeSet<IpPrefix> except = new TreeSet<>();
        for (int i = 0; i < b.except().size(); i++) {
            String field = where + ".except[" + i + "]";
            IpPrefix e = cidr(b.except().get(i), field);
            if (e.isIpv4() != cidr.isIpv4() || e.length() <= cidr.length() || !cidr.contains(e)) {
                throw new InvalidPolicyException(field + ": " + b.except().get(i) + " is not a strict subset of cidr " + b.cidr());
            }
            except.add(e);
        }
        return new BlockPeer(cidr, List.copyOf(except));
    }

    private static IpPrefix cidr(String text, String field) throws InvalidPolicyException {
        if (text == null || text.indexOf('/') < 0) {
            throw new InvalidPolicyException(field + ": '" + text + "' is not a CIDR (address/length)");
        }
        try {
            return IpPrefix.parseLenient(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(field + ": '" + text + "' is not a valid CIDR: " + e.getMessage());
        }
    }
}
