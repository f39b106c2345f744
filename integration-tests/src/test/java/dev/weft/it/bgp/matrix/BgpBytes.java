package dev.weft.it.bgp.matrix;

import dev.weft.common.net.IpPrefix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Hand-made BGP messages for the raw-socket peer, written octet by octet from RFC 4271 §4 so that
 * any field can be wrong on purpose. Independent of Weft's codec (a test of the codec must not
 * use the codec to build its input). {@link Connection} is what both socket peers offer a test.
 */
final class BgpBytes {
    static final int OPEN = 1;
    static final int UPDATE = 2;
    static final int NOTIFICATION = 3;
    static final int KEEPALIVE = 4;
    static final int ROUTE_REFRESH = 5;

    /** Attribute flag bits (RFC 4271 §4.3). */
    static final int OPTIONAL = 0x80;
    static final int TRANSITIVE = 0x40;
    static final int PARTIAL = 0x20;
    static final int EXTENDED = 0x10;

    private BgpBytes() {}

    /** One live connection to the speaker, raw or handmade: what a malformed-message case needs of it. */
    interface Connection extends AutoCloseable {
        /** Writes one (possibly malformed) message. */
        void send(byte[] message) throws IOException;

        /** Whether the speaker closed the connection. */
        boolean isClosed();

        /** The first NOTIFICATION within {@code timeout}, if any. */
        Optional<RawBgpPeer.Notification> awaitNotification(Duration timeout) throws InterruptedException;

        /** NOTIFICATIONs received and not yet taken. */
        Optional<RawBgpPeer.Notification> pendingNotification();

        @Override
        void close();
    }

    /** A whole message: 16 × 0xff marker, 2-octet length, type, body (RFC 4271 §4.1). */
    static byte[] message(int type, byte[] body) {
        byte[] m = new byte[19 + body.length];
        Arrays.fill(m, 0, 16, (byte) 0xff);
        m[16] = (byte) (m.length >> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    static byte[] keepalive() {
        return message(KEEPALIVE, new byte[0]);
    }

    /**
     * OPEN (RFC 4271 §4.2) with capabilities (RFC 5492): Multiprotocol for each of {@code afis}
     * (SAFI 1), Route Refresh (2) and 4-octet AS (65, RFC 6793); My AS is AS_TRANS for a 4-octet AS.
     */
    static byte[] open(long as, int holdTime, Inet4Address routerId, int... afis) {
        ByteArrayOutputStream caps = new ByteArrayOutputStream();
        for (int afi : afis) {
            cap(caps, 1, new byte[] {(byte) (afi >> 8), (byte) afi, 0, 1});
        }
        cap(caps, 2, new byte[0]);
        cap(caps, 65, u32(as));
        return openWithCapabilities(as, holdTime, routerId, caps.toByteArray());
    }

    /**
     * OPEN (RFC 4271 §4.2) with one Capabilities parameter (type 2) holding {@code capabilities},
     * already encoded as code, length, value triples (RFC 5492 §4).
     */
    static byte[] openWithCapabilities(long as, int holdTime, Inet4Address routerId, byte[] capabilities) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        openFixedFields(b, as, holdTime, routerId);
        b.write(capabilities.length + 2);
        b.write(2); // parameter type: capabilities
        b.write(capabilities.length);
        b.writeBytes(capabilities);
        return message(OPEN, b.toByteArray());
    }

    /**
     * Writes an OPEN body's fixed fields (RFC 4271 §4.2): version 4, My AS (AS_TRANS 23456 for an
     * AS above 65535, RFC 6793 §9), Hold Time and BGP Identifier; the optional parameters follow.
     */
    static void openFixedFields(ByteArrayOutputStream b, long as, int holdTime, Inet4Address routerId) {
        b.write(4);
        int myAs = as > 0xffff ? 23456 : (int) as;
        b.write(myAs >> 8);
        b.write(myAs);
        b.write(holdTime >> 8);
        b.write(holdTime);
        b.writeBytes(routerId.getAddress());
    }

    /** Capabilities given each as code then value octets, encoded as code, length, value (RFC 5492 §4). */
    static byte[] capabilities(List<byte[]> capabilities) {
        ByteArrayOutputStream caps = new ByteArrayOutputStream();
        for (byte[] c : capabilities) {
            caps.write(c[0]);
            caps.write(c.length - 1);
            caps.write(c, 1, c.length - 1);
        }
        return caps.toByteArray();
    }

    private static void cap(ByteArrayOutputStream out, int code, byte[] value) {
        out.write(code);
        out.write(value.length);
        out.writeBytes(value);
    }

    /** ROUTE-REFRESH (RFC 2918 §3; subtype 0 normal, 1 BoRR, 2 EoRR per RFC 7313 §3). */
    static byte[] routeRefresh(int afi, int subtype, int safi) {
        return message(ROUTE_REFRESH, new byte[] {(byte) (afi >> 8), (byte) afi, (byte) subtype, (byte) safi});
    }

    /** UPDATE (RFC 4271 §4.3) from already encoded sections; the two length fields are computed. */
    static byte[] update(byte[] withdrawn, byte[] attributes, byte[] nlri) {
        return updateWithLengths(withdrawn.length, withdrawn, attributes.length, attributes, nlri);
    }

    /** UPDATE with explicit (possibly wrong) Withdrawn Routes Length and Total Path Attribute Length. */
    static byte[] updateWithLengths(int withdrawnLength, byte[] withdrawn, int attributesLength, byte[] attributes, byte[] nlri) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(withdrawnLength >> 8);
        b.write(withdrawnLength);
        b.writeBytes(withdrawn);
        b.write(attributesLength >> 8);
        b.write(attributesLength);
        b.writeBytes(attributes);
        b.writeBytes(nlri);
        return message(UPDATE, b.toByteArray());
    }

    /** One path attribute TLV; the length is 2 octets when {@link #EXTENDED} is in {@code flags}. */
    static byte[] attr(int flags, int type, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(flags);
        b.write(type);
        if ((flags & EXTENDED) != 0) {
            b.write(value.length >> 8);
        }
        b.write(value.length);
        b.writeBytes(value);
        return b.toByteArray();
    }

    static byte[] origin(int value) {
        return attr(TRANSITIVE, 1, new byte[] {(byte) value});
    }

    /** AS_PATH with one AS_SEQUENCE of 4-octet ASNs (RFC 4271 §4.3 b, RFC 6793). */
    static byte[] asPath(long... asns) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(2);
        b.write(asns.length);
        for (long as : asns) {
            b.writeBytes(u32(as));
        }
        return attr(TRANSITIVE, 2, b.toByteArray());
    }

    static byte[] nextHop(InetAddress v4) {
        return attr(TRANSITIVE, 3, v4.getAddress());
    }

    /** MP_REACH_NLRI for IPv6 unicast with one global next hop (RFC 4760 §3, RFC 2545 §3). */
    static byte[] mpReachIpv6(InetAddress nextHop, List<IpPrefix> nlri) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 2, 1});
        b.write(16);
        b.writeBytes(nextHop.getAddress());
        b.write(0);
        for (IpPrefix p : nlri) {
            b.writeBytes(prefix(p));
        }
        return attr(OPTIONAL | EXTENDED, 14, b.toByteArray());
    }

    /** MP_UNREACH_NLRI for IPv6 unicast (RFC 4760 §4). */
    static byte[] mpUnreachIpv6(List<IpPrefix> withdrawn) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 2, 1});
        for (IpPrefix p : withdrawn) {
            b.writeBytes(prefix(p));
        }
        return attr(OPTIONAL | EXTENDED, 15, b.toByteArray());
    }

    /** A prefix as in NLRI: length in bits, then the minimum number of octets (RFC 4271 §4.3). */
    static byte[] prefix(IpPrefix p) {
        byte[] a = p.address().getAddress();
        int octets = (p.length() + 7) / 8;
        byte[] out = new byte[1 + octets];
        out[0] = (byte) p.length();
        System.arraycopy(a, 0, out, 1, octets);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
