package dev.weft.model.ipset;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * One member of a desired IP set. Members of one set all have the kind its {@link IpSetType}
 * admits. Members are ordered (kind, family, address bytes, then length/nomatch or protocol/port)
 * so a set's member list has one canonical order.
 */
public sealed interface IpSetMember extends Comparable<IpSetMember> {

    /** The address family of this member. */
    IpFamily family();

    /** The member as written after {@code ipset add NAME}, e.g. {@code 10.0.0.1}, {@code 10.0.0.0/8 nomatch}, {@code 10.0.0.1,tcp:80}. */
    String ipsetText();

    /**
     * A single address, member of a {@code hash:ip} set.
     *
     * @param address the IPv4 or IPv6 address
     */
    record Address(InetAddress address) implements IpSetMember {
        public Address {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public IpFamily family() {
            return IpFamily.of(address);
        }

        @Override
        public String ipsetText() {
            return IpAddresses.toText(address);
        }
    }

    /**
     * A prefix, member of a {@code hash:net} set.
     *
     * @param prefix the prefix; length ≥ 1 (the kernel refuses /0)
     * @param nomatch true for an exception entry ({@code nomatch}): addresses whose most specific
     *     matching entry is this one are not in the set
     */
    record Net(IpPrefix prefix, boolean nomatch) implements IpSetMember {
        public Net {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.length() == 0) {
                throw new IllegalArgumentException("hash:net cannot hold a /0 prefix: split " + prefix + " into two /1");
            }
        }

        @Override
        public IpFamily family() {
            return IpFamily.of(prefix.address());
        }

        @Override
        public String ipsetText() {
            return prefix.toString() + (nomatch ? " nomatch" : "");
        }
    }

    /**
     * An (address, protocol, port) triple, member of a {@code hash:ip,port} set.
     *
     * @param address the IPv4 or IPv6 address
     * @param protocol the layer-4 protocol
     * @param port the port, 1–65535
     */
    record AddressPort(InetAddress address, Protocol protocol, int port) implements IpSetMember {
        public AddressPort {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(protocol, "protocol");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " out of range 1-65535");
            }
        }

        @Override
        public IpFamily family() {
            return IpFamily.of(address);
        }

        @Override
        public String ipsetText() {
            return IpAddresses.toText(address) + "," + protocol.keyword() + ":" + port;
        }
    }

    /** The canonical order described on {@link IpSetMember}. */
    Comparator<IpSetMember> ORDER = Comparator.<IpSetMember>comparingInt(IpSetMember::kindIndex)
            .thenComparing(IpSetMember::family)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.addressBytes(), b.addressBytes()))
            .thenComparingInt(IpSetMember::detail);

    @Override
    default int compareTo(IpSetMember o) {
        return ORDER.compare(this, o);
    }

    private int kindIndex() {
        return this instanceof Address ? 0 : this instanceof Net ? 1 : 2;
    }

    private byte[] addressBytes() {
        if (this instanceof Address a) {
            return a.address().getAddress();
        } else if (this instanceof Net n) {
            return n.prefix().address().getAddress();
        }
        return ((AddressPort) this).address().getAddress();
    }

    private int detail() {
        if (this instanceof Net n) {
            return n.prefix().length() * 2 + (n.nomatch() ? 1 : 0);
        } else if (this instanceof AddressPort p) {
            return p.protocol().ordinal() * 65536 + p.port();
        }
        return 0;
    }
}
