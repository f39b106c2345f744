package dev.weft.bgp.wire;

/**
 * Per-session choices that change the wire encoding, fixed once the OPENs are exchanged.
 *
 * @param fourOctetAs both sides advertised the 4-octet AS capability (RFC 6793): AS_PATH
 *     carries 4-octet AS numbers; otherwise 2-octet with AS_TRANS and AS4_PATH
 */
public record CodecOptions(boolean fourOctetAs) {
    /** Before negotiation, and for 2-octet peers. */
    public static final CodecOptions TWO_OCTET_AS = new CodecOptions(false);
    /** After both sides advertised the 4-octet AS capability. */
    public static final CodecOptions FOUR_OCTET_AS = new CodecOptions(true);
}
