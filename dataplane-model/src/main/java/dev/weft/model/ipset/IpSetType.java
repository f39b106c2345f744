package dev.weft.model.ipset;

/**
 * The kernel ipset type of a desired set; each type admits exactly one kind of {@link IpSetMember}.
 *
 * @see <a href="https://ipset.netfilter.org/ipset.man.html">ipset(8) SET TYPES</a>
 */
public enum IpSetType {
    /** {@code hash:ip}: single addresses ({@link IpSetMember.Address}). */
    HASH_IP("hash:ip"),
    /**
     * {@code hash:net}: prefixes ({@link IpSetMember.Net}), some flagged {@code nomatch}. A lookup
     * uses the most specific stored prefix containing the address; a {@code nomatch} hit means "not
     * in the set". Prefix lengths are 1–32 (IPv4) / 1–128 (IPv6): the kernel refuses /0, so a
     * producer splits {@code 0.0.0.0/0} into two /1s.
     */
    HASH_NET("hash:net"),
    /**
     * {@code hash:ip,port}: (address, protocol, port) triples ({@link IpSetMember.AddressPort}),
     * matched with {@code --match-set NAME dst,dst}.
     */
    HASH_IP_PORT("hash:ip,port");

    private final String ipsetName;

    IpSetType(String ipsetName) {
        this.ipsetName = ipsetName;
    }

    /** The type as written in {@code ipset create NAME <type>}. */
    public String ipsetName() {
        return ipsetName;
    }
}
