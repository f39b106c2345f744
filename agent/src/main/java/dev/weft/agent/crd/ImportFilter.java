package dev.weft.agent.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code BGPPeer.spec.importFilter}: which prefixes the node accepts from the peer.
 * Rules are tried in order and the first rule that matches decides ({@code Accept} or {@code
 * Reject}); a prefix no rule matches is <b>rejected</b> (prefix-list semantics, RFC 8212 §3 in
 * spirit: nothing is imported that the operator did not allow). The rule shape is Calico's
 * {@code BGPFilter} rule ({@code action}, {@code matchOperator}, {@code cidr}, {@code
 * prefixLength {min, max}}), written inline on the peer; unlike Calico's, the default for an
 * unmatched prefix is Reject (write a last rule {@code {action: Accept}} to accept the rest).
 *
 * <p>Whatever the filter says, the agent always rejects the node's own Pod CIDRs and anything
 * inside them first (a route must never pull the node's own Pods elsewhere).
 *
 * @param rules the rules in order; empty = import nothing
 */
public record ImportFilter(List<Rule> rules) {
    /** Most rules one filter may have (the CRD's {@code maxItems}). */
    public static final int MAX_RULES = 100;

    public ImportFilter {
        rules = List.copyOf(rules);
    }

    /** What a matching rule does. */
    public enum Action {
        /** The prefix is imported. */
        ACCEPT,
        /** The prefix is dropped. */
        REJECT
    }

    /** How a rule's {@code cidr} is compared with a prefix (Calico's {@code matchOperator}). */
    public enum MatchOperator {
        /** The prefix is exactly {@code cidr}. */
        EQUAL,
        /** The prefix is {@code cidr} or inside it, with a length in [min, max]. */
        IN,
        /** The prefix is of {@code cidr}'s family, not inside {@code cidr}, with a length in [min, max]. */
        NOT_IN
    }

    /**
     * One rule. Without {@code cidr} it matches every prefix of both families.
     *
     * @param action what happens to a matching prefix
     * @param cidr the compared prefix (host bits zero); empty = match everything
     * @param matchOperator how {@code cidr} is compared (ignored without {@code cidr})
     * @param minLength the shortest matching prefix length (In: default {@code cidr}'s length;
     *     NotIn: default 0)
     * @param maxLength the longest matching prefix length (default 32 for IPv4, 128 for IPv6)
     */
    public record Rule(Action action, Optional<IpPrefix> cidr, MatchOperator matchOperator, int minLength,
            int maxLength) {
        public Rule {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(cidr, "cidr");
            Objects.requireNonNull(matchOperator, "matchOperator");
            int max = cidr.map(c -> c.isIpv4() ? 32 : 128).orElse(128);
            if (minLength < 0 || minLength > maxLength || maxLength > max) {
                throw new IllegalArgumentException("prefixLength needs 0 <= min <= max <= " + max + ", got min "
                        + minLength + " max " + maxLength);
            }
            if (cidr.isPresent() && matchOperator == MatchOperator.IN && minLength < cidr.get().length()) {
                throw new IllegalArgumentException("prefixLength.min " + minLength + " is shorter than the cidr "
                        + cidr.get() + " (matchOperator In matches only prefixes inside it)");
            }
        }
    }

    /**
     * Parses and validates {@code spec.importFilter} (a JSON/YAML array of rules).
     *
     * @param list the array node
     * @param field the field's path for error messages, e.g. {@code spec.importFilter}
     * @throws IllegalArgumentException naming the rule and field at fault: not an array, more than
     *     {@value #MAX_RULES} rules, a missing or unknown {@code action}, a {@code cidr} that is not a
     *     CIDR or has host bits set, {@code cidr} without {@code matchOperator} or the reverse, an
     *     unknown {@code matchOperator}, {@code prefixLength} with {@code Equal} or without {@code
     *     cidr}, lengths out of the family's range or min &gt; max
     */
    public static ImportFilter parse(JsonNode list, String field) {
        if (!list.isArray()) {
            throw new IllegalArgumentException(field + " must be a list of rules");
        }
        if (list.size() > MAX_RULES) {
            throw new IllegalArgumentException(field + " has " + list.size() + " rules, at most " + MAX_RULES);
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            try {
                rules.add(rule(list.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        return new ImportFilter(rules);
    }

    private static Rule rule(JsonNode r) {
        if (!r.isObject()) {
            throw new IllegalArgumentException("a rule must be an object");
        }
        Action action = switch (r.path("action").asText("")) {
            case "Accept" -> Action.ACCEPT;
            case "Reject" -> Action.REJECT;
            case "" -> throw new IllegalArgumentException("action is required (Accept or Reject)");
            default -> throw new IllegalArgumentException("action must be Accept or Reject, got '"
                    + r.path("action").asText() + "'");
        };
        boolean hasCidr = r.hasNonNull("cidr");
        boolean hasOp = r.hasNonNull("matchOperator");
        if (hasCidr != hasOp) {
            throw new IllegalArgumentException("cidr and matchOperator go together (set both or neither)");
        }
        JsonNode len = r.path("prefixLength");
        boolean hasLen = !len.isMissingNode() && !len.isNull();
        if (!hasCidr) {
            if (hasLen) {
                throw new IllegalArgumentException("prefixLength needs a cidr");
            }
            return new Rule(action, Optional.empty(), MatchOperator.IN, 0, 128);
        }
        IpPrefix cidr = cidr(r.get("cidr").asText());
        MatchOperator op = switch (r.get("matchOperator").asText()) {
            case "Equal" -> MatchOperator.EQUAL;
            case "In" -> MatchOperator.IN;
            case "NotIn" -> MatchOperator.NOT_IN;
            default -> throw new IllegalArgumentException("matchOperator must be Equal, In or NotIn, got '"
                    + r.get("matchOperator").asText() + "'");
        };
        int familyMax = cidr.isIpv4() ? 32 : 128;
        if (op == MatchOperator.EQUAL) {
            if (hasLen) {
                throw new IllegalArgumentException("prefixLength does not apply to matchOperator Equal");
            }
            return new Rule(action, Optional.of(cidr), op, cidr.length(), cidr.length());
        }
        int min = op == MatchOperator.IN ? cidr.length() : 0;
        int max = familyMax;
        if (hasLen) {
            if (!len.isObject()) {
                throw new IllegalArgumentException("prefixLength must be an object {min, max}");
            }
            min = len.hasNonNull("min") ? length(len.get("min"), "prefixLength.min") : min;
            max = len.hasNonNull("max") ? length(len.get("max"), "prefixLength.max") : max;
        }
        return new Rule(action, Optional.of(cidr), op, min, max);
    }

    private static IpPrefix cidr(String text) {
        if (!text.contains("/")) {
            throw new IllegalArgumentException("cidr '" + text + "' is not a CIDR (address/length)");
        }
        try {
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cidr: " + e.getMessage(), e);
        }
    }

    private static int length(JsonNode v, String what) {
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(what + " must be an integer, got '" + v.asText() + "'");
        }
        return v.asInt();
    }
}
