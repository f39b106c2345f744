package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of FORMAT.md "policies and placeholders", replaced in every string value of a
 * policy once the Pods have IPs:
 * <ul>
 *   <li>{@code {{hostCIDR ns/pod}}} → the Pod's IP with a host mask ({@code /32} or {@code /128});
 *   <li>{@code {{cidrContaining ns/pod N}}} → the canonical network of length N containing it
 *       ({@code {{cidrContaining x/b 4}}} for 10.244.1.7 → {@code 0.0.0.0/4});
 *   <li>{@code {{podIP ns/pod}}} → the bare IP.
 * </ul>
 * A placeholder may be the whole string or part of it; several may appear in one string.
 */
final class Placeholders {
    private static final Pattern ANY = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern ONE = Pattern.compile("\\s*(hostCIDR|cidrContaining|podIP)\\s+(\\S+)(?:\\s+(\\S+))?\\s*");

    private Placeholders() {}

    /**
     * A copy of {@code node} with every placeholder replaced.
     *
     * @param ips Pod ({@code ns/pod}) → its IP
     * @throws IllegalArgumentException for an unknown placeholder or Pod, a Pod without an IP, or a
     *     prefix length out of range — naming the placeholder
     */
    static JsonNode resolve(JsonNode node, Map<String, InetAddress> ips) {
        if (node.isTextual()) {
            return TextNode.valueOf(resolve(node.asText(), ips));
        }
        if (node.isObject()) {
            ObjectNode out = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), resolve(e.getValue(), ips));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = ((ArrayNode) node).arrayNode();
            node.forEach(n -> out.add(resolve(n, ips)));
            return out;
        }
        return node.deepCopy();
    }

    /** {@link #resolve(JsonNode, Map)} for one string. */
    static String resolve(String text, Map<String, InetAddress> ips) {
        Matcher m = ANY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), ips)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The Pods ({@code ns/pod}) that placeholders in {@code node} refer to. */
    static Set<String> referencedPods(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isTextual()) {
            Matcher m = ANY.matcher(node.asText());
            while (m.find()) {
                Matcher one = ONE.matcher(m.group(1));
                if (one.matches()) {
                    out.add(one.group(2));
                }
            }
        } else {
            node.forEach(n -> collect(n, out));
        }
    }

    private static String value(String inner, Map<String, InetAddress> ips) {
        Matcher m = ONE.matcher(inner);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown placeholder {{" + inner + "}} (hostCIDR, cidrContaining, podIP)");
        }
        String fn = m.group(1);
        String pod = m.group(2);
        InetAddress ip = ips.get(pod);
        if (ip == null) {
            throw new IllegalArgumentException("placeholder {{" + inner + "}}: pod " + pod + " has no IP (not created?)");
        }
        int max = ip.getAddress().length * 8;
        switch (fn) {
            case "podIP" -> {
                requireNoArg(m, inner);
                return ip.getHostAddress();
            }
            case "hostCIDR" -> {
                requireNoArg(m, inner);
                return ip.getHostAddress() + "/" + max;
            }
            default -> {
                int len;
                try {
                    len = Integer.parseInt(m.group(3) == null ? "" : m.group(3));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("placeholder {{" + inner + "}}: needs a prefix length 0-" + max);
                }
                if (len < 0 || len > max) {
                    throw new IllegalArgumentException("placeholder {{" + inner + "}}: prefix length out of range 0-" + max);
                }
                IpPrefix p = IpPrefix.of(ip, len);
                return p.address().getHostAddress() + "/" + len;
            }
        }
    }

    private static void requireNoArg(Matcher m, String inner) {
        if (m.group(3) != null) {
            throw new IllegalArgumentException("placeholder {{" + inner + "}}: takes only a pod");
        }
    }
}
