package dev.weft.policy.cases;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.policy.input.IpBlockInfo;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.LabelSelectorRequirement;
import dev.weft.policy.input.NetworkPolicyInfo;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PortInfo;
import dev.weft.policy.input.RuleInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Converts a NetworkPolicy YAML tree to {@link NetworkPolicyInfo}, resolving placeholders in every
 * string through {@code resolve}. Raw strings (CIDRs, protocols, operators) are passed through
 * unvalidated: validation is the engine's.
 */
final class PolicyYaml {
    private final UnaryOperator<String> resolve;

    PolicyYaml(UnaryOperator<String> resolve) {
        this.resolve = resolve;
    }

    NetworkPolicyInfo convert(JsonNode object) {
        JsonNode meta = object.path("metadata");
        JsonNode spec = object.path("spec");
        List<String> types = null;
        if (spec.has("policyTypes")) {
            types = new ArrayList<>();
            for (JsonNode t : spec.get("policyTypes")) {
                types.add(t.asText());
            }
        }
        return new NetworkPolicyInfo(meta.path("namespace").asText(), meta.path("name").asText(),
                selector(spec.get("podSelector")) == null ? LabelSelector.ALL : selector(spec.get("podSelector")),
                types, rules(spec.get("ingress"), "from"), rules(spec.get("egress"), "to"));
    }

    private List<RuleInfo> rules(JsonNode node, String peerField) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<RuleInfo> out = new ArrayList<>();
        for (JsonNode r : node) {
            List<PortInfo> ports = null;
            if (r.hasNonNull("ports")) {
                ports = new ArrayList<>();
                for (JsonNode p : r.get("ports")) {
                    ports.add(port(p));
                }
            }
            List<PeerInfo> peers = null;
            if (r.hasNonNull(peerField)) {
                peers = new ArrayList<>();
                for (JsonNode p : r.get(peerField)) {
                    IpBlockInfo block = null;
                    if (p.hasNonNull("ipBlock")) {
                        List<String> except = new ArrayList<>();
                        p.get("ipBlock").path("except").forEach(e -> except.add(resolve.apply(e.asText())));
                        block = new IpBlockInfo(resolve.apply(p.get("ipBlock").path("cidr").asText()), except);
                    }
                    peers.add(new PeerInfo(selector(p.get("podSelector")), selector(p.get("namespaceSelector")), block));
                }
            }
            out.add(new RuleInfo(ports, peers));
        }
        return out;
    }

    private PortInfo port(JsonNode p) {
        String protocol = p.hasNonNull("protocol") ? resolve.apply(p.get("protocol").asText()) : null;
        Integer endPort = p.hasNonNull("endPort") ? p.get("endPort").asInt() : null;
        JsonNode port = p.get("port");
        if (port == null || port.isNull()) {
            return new PortInfo(protocol, null, null, endPort);
        }
        if (port.isInt()) {
            return new PortInfo(protocol, port.asInt(), null, endPort);
        }
        return new PortInfo(protocol, null, resolve.apply(port.asText()), endPort);
    }

    private LabelSelector selector(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<LabelSelectorRequirement> exprs = new ArrayList<>();
        for (JsonNode e : node.path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            exprs.add(new LabelSelectorRequirement(e.path("key").asText(), e.path("operator").asText(), values));
        }
        return new LabelSelector(CaseLoader.strings(node.path("matchLabels")), exprs);
    }
}
