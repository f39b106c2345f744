package dev.weft.agent.cni;

import dev.weft.common.net.IpAddresses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.common.net.IpPrefix;
import java.util.Optional;

/**
 * Renders ADD results and errors in the format of the request's cniVersion (CNI SPEC §5).
 *
 * <pre>
 * 1.1.0 {"cniVersion":"1.1.0",
 *        "interfaces":[{"name":"wft3f2a…","mac":"…","mtu":1500},
 *                      {"name":"eth0","mac":"…","mtu":1500,"sandbox":"/var/run/netns/p"}],
 *        "ips":[{"address":"10.244.1.2/32","interface":1}],
 *        "routes":[{"dst":"0.0.0.0/0","gw":"169.254.1.1"}],"dns":{}}
 * 1.0.0 the same without interface "mtu" (new in 1.1.0)
 * 0.3.x, 0.4.0  ips[] carry "version":"4"|"6"
 * </pre>
 * With a {@code prevResult} (Weft chained after another plugin) its interfaces, ips, routes and
 * dns are kept first and Weft's are appended, with Weft's {@code ips[].interface} indices shifted.
 */
final class ResultRenderer {
    private final ObjectMapper json;

    ResultRenderer(ObjectMapper json) {
        this.json = json;
    }

    String addResult(String cniVersion, Attachment a, Optional<ObjectNode> prevResult) {
        ObjectNode r = json.createObjectNode();
        r.put("cniVersion", cniVersion);
        ArrayNode interfaces = r.putArray("interfaces");
        ArrayNode ips = r.putArray("ips");
        ArrayNode routes = r.putArray("routes");
        JsonNode dns = json.createObjectNode();
        if (prevResult.isPresent()) {
            ObjectNode p = prevResult.get();
            copyArray(p.get("interfaces"), interfaces);
            copyArray(p.get("ips"), ips);
            copyArray(p.get("routes"), routes);
            if (p.get("dns") != null && p.get("dns").isObject()) {
                dns = p.get("dns");
            }
        }
        boolean v11 = CniVersions.atLeast(cniVersion, "1.1.0");
        ObjectNode host = interfaces.addObject().put("name", a.hostIfName()).put("mac", a.hostMac());
        if (v11) {
            host.put("mtu", a.mtu());
        }
        int podIndex = interfaces.size();
        ObjectNode pod = interfaces.addObject().put("name", a.podIfName()).put("mac", a.podMac());
        if (v11) {
            pod.put("mtu", a.mtu());
        }
        pod.put("sandbox", a.sandbox());
        for (IpPrefix address : a.addresses()) {
            ObjectNode ip = ips.addObject();
            ip.put("address", address.toString());
            ip.put("interface", podIndex);
        }
        for (Attachment.Route route : a.routes()) {
            routes.addObject().put("dst", route.destination().toString()).put("gw", IpAddresses.toText(route.gateway()));
        }
        fixIpVersions(ips, CniVersions.atLeast(cniVersion, "1.0.0"));
        r.set("dns", dns);
        return r.toString() + "\n";
    }

    /** 1.0.0 removed {@code ips[].version}; 0.3.x/0.4.0 require it. */
    private static void fixIpVersions(ArrayNode ips, boolean v1) {
        for (JsonNode n : ips) {
            if (!n.isObject()) {
                continue;
            }
            ObjectNode ip = (ObjectNode) n;
            if (v1) {
                ip.remove("version");
            } else if (!ip.has("version")) {
                String address = ip.path("address").asText("");
                ip.put("version", address.contains(":") ? "6" : "4");
            }
        }
    }

    private static void copyArray(JsonNode from, ArrayNode to) {
        if (from != null && from.isArray()) {
            from.forEach(n -> to.add(n.deepCopy()));
        }
    }

    String error(Optional<String> cniVersion, CniException e) {
        ObjectNode r = json.createObjectNode();
        cniVersion.ifPresent(v -> r.put("cniVersion", v));
        r.put("code", e.code);
        r.put("msg", e.msg);
        if (!e.details.isEmpty()) {
            r.put("details", e.details);
        }
        return r.toString() + "\n";
    }

    String version(String cniVersion) {
        ObjectNode r = json.createObjectNode();
        r.put("cniVersion", cniVersion);
        ArrayNode a = r.putArray("supportedVersions");
        CniVersions.SUPPORTED.forEach(a::add);
        return r.toString() + "\n";
    }
}
