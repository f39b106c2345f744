package dev.weft.dataplane.iptables.ipset;

import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSetType;
import java.util.Objects;

/**
 * One ipset command, as both {@link IpSetPort} implementations execute it. {@link #restoreLine()}
 * is the command's line in {@code ipset restore} syntax (ipset(8) "restore").
 */
public sealed interface IpSetOp {
    /** The name of the set the command acts on (the first one for {@link Swap}). */
    String set();

    /** The command as an {@code ipset restore} line, without newline. */
    String restoreLine();

    /**
     * {@code create NAME TYPE family F hashsize H maxelem M}.
     *
     * @param set the new set's name (≤ 31 characters)
     * @param type the set type
     * @param family inet or inet6
     * @param hashsize initial hash size (a power of two)
     * @param maxelem maximum number of members
     */
    record Create(String set, IpSetType type, IpFamily family, int hashsize, int maxelem) implements IpSetOp {
        public Create {
            checkName(set);
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(family, "family");
            if (hashsize < 64 || maxelem < 1) {
                throw new IllegalArgumentException("invalid set size hashsize=" + hashsize + " maxelem=" + maxelem);
            }
        }

        @Override
        public String restoreLine() {
            return "create " + set + " " + type.ipsetName() + " family " + family.ipsetName() + " hashsize " + hashsize + " maxelem " + maxelem;
        }
    }

    /**
     * {@code add NAME MEMBER}.
     *
     * @param set the set
     * @param member the member in ipset syntax, e.g. {@code 10.0.0.0/8 nomatch}
     */
    record Add(String set, String member) implements IpSetOp {
        public Add {
            checkName(set);
            checkMember(member);
        }

        @Override
        public String restoreLine() {
            return "add " + set + " " + member;
        }
    }

    /**
     * {@code del NAME MEMBER} (the member text without the {@code nomatch} flag).
     *
     * @param set the set
     * @param member the member in ipset syntax; a trailing {@code nomatch} is dropped on rendering
     */
    record Del(String set, String member) implements IpSetOp {
        public Del {
            checkName(set);
            checkMember(member);
        }

        @Override
        public String restoreLine() {
            return "del " + set + " " + (member.endsWith(" nomatch") ? member.substring(0, member.length() - 8) : member);
        }
    }

    /**
     * {@code swap FROM TO}: exchanges the two sets' names (and so their contents) atomically.
     *
     * @param set the first set
     * @param other the second set
     */
    record Swap(String set, String other) implements IpSetOp {
        public Swap {
            checkName(set);
            checkName(other);
        }

        @Override
        public String restoreLine() {
            return "swap " + set + " " + other;
        }
    }

    /**
     * {@code destroy NAME}; fails if a rule still references the set.
     *
     * @param set the set
     */
    record Destroy(String set) implements IpSetOp {
        public Destroy {
            checkName(set);
        }

        @Override
        public String restoreLine() {
            return "destroy " + set;
        }
    }

    /** ipset's set-name limit ({@code IPSET_MAXNAMELEN} 32 including the NUL). */
    int MAX_NAME_LENGTH = 31;

    private static void checkName(String name) {
        Objects.requireNonNull(name, "set");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !name.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("invalid ipset name '" + name + "' (1-" + MAX_NAME_LENGTH + " printable characters)");
        }
    }

    private static void checkMember(String member) {
        Objects.requireNonNull(member, "member");
        if (member.isEmpty() || member.indexOf('\n') >= 0 || member.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("invalid ipset member '" + member + "'");
        }
    }
}
