package dev.weft.bgp.wire;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Set;

/**
 * Per-session choices that change the wire encoding or the RFC 7606 checks, fixed once the OPENs
 * are exchanged. Immutable; change with the {@code with*} methods.
 *
 * @param fourOctetAs both sides advertised the 4-octet AS capability (RFC 6793): AS_PATH
 *     carries 4-octet AS numbers; otherwise 2-octet with AS_TRANS and AS4_PATH
 * @param extendedMessage both sides advertised the Extended Message capability (RFC 8654):
 *     messages other than OPEN and KEEPALIVE may be up to 65535 octets instead of 4096
 * @param externalPeer the peer is eBGP: LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST are discarded
 *     (RFC 7606 §7.5, §7.9, §7.10) and confederation segments in AS_PATH make it malformed
 *     (RFC 5065 §5); false (iBGP rules) until the session says otherwise
 * @param localAddresses this speaker's addresses on the session; a NEXT_HOP or MP_REACH_NLRI
 *     next hop equal to one of them is semantically incorrect (RFC 4271 §6.3: the routes are
 *     ignored, as treat-as-withdraw). Empty: not checked.
 * @param families the AFI/SAFIs negotiated on the session (RFC 4760 §8); MP_REACH_NLRI and
 *     MP_UNREACH_NLRI of any other family are discarded (their routes are not learned, the
 *     session stays up). Empty: every family the codec supports (before negotiation).
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6793#section-4">RFC 6793 §4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8654#section-4">RFC 8654 §4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7606#section-7">RFC 7606 §7</a>
 */
public record CodecOptions(boolean fourOctetAs, boolean extendedMessage, boolean externalPeer,
        Set<InetAddress> localAddresses, Set<AddressFamily> families) {
    /** Largest message without RFC 8654 Extended Messages (RFC 4271 §4.1). */
    public static final int STANDARD_MAX_LENGTH = 4096;
    /** Largest message once Extended Messages are negotiated (RFC 8654 §4). */
    public static final int EXTENDED_MAX_LENGTH = 65535;

    /** Before negotiation, and for 2-octet peers. */
    public static final CodecOptions TWO_OCTET_AS = new CodecOptions(false);
    /** After both sides advertised the 4-octet AS capability. */
    public static final CodecOptions FOUR_OCTET_AS = new CodecOptions(true);

    public CodecOptions {
        localAddresses = Set.copyOf(localAddresses);
        families = Set.copyOf(families);
    }

    /** Options with only the AS number size set (standard messages, iBGP checks, no local addresses). */
    public CodecOptions(boolean fourOctetAs) {
        this(fourOctetAs, false, false, Set.of(), Set.of());
    }

    /** The largest message allowed for types other than OPEN and KEEPALIVE: 4096 or 65535 (RFC 8654 §4). */
    public int maxMessageLength() {
        return extendedMessage ? EXTENDED_MAX_LENGTH : STANDARD_MAX_LENGTH;
    }

    /** These options with the AS number size changed. */
    public CodecOptions withFourOctetAs(boolean value) {
        return new CodecOptions(value, extendedMessage, externalPeer, localAddresses, families);
    }

    /** These options with RFC 8654 Extended Messages on or off. */
    public CodecOptions withExtendedMessage(boolean value) {
        return new CodecOptions(fourOctetAs, value, externalPeer, localAddresses, families);
    }

    /** These options for an eBGP ({@code true}) or iBGP peer. */
    public CodecOptions withExternalPeer(boolean value) {
        return new CodecOptions(fourOctetAs, extendedMessage, value, localAddresses, families);
    }

    /** These options with the session's local addresses (for the NEXT_HOP semantic check). */
    public CodecOptions withLocalAddresses(Collection<? extends InetAddress> addresses) {
        return new CodecOptions(fourOctetAs, extendedMessage, externalPeer, Set.copyOf(addresses), families);
    }

    /** These options with the session's negotiated AFI/SAFIs (empty = no restriction). */
    public CodecOptions withFamilies(Collection<AddressFamily> negotiated) {
        return new CodecOptions(fourOctetAs, extendedMessage, externalPeer, localAddresses, Set.copyOf(negotiated));
    }

    /** True if MP_REACH_NLRI / MP_UNREACH_NLRI of {@code family} are decoded (supported and negotiated). */
    public boolean carries(AddressFamily family) {
        return family.isSupported() && (families.isEmpty() || families.contains(family));
    }
}
