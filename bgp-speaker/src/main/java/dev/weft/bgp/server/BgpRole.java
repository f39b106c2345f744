package dev.weft.bgp.server;

import dev.weft.bgp.wire.Capability;
import java.util.Locale;

/**
 * Our BGP Role on one eBGP session (RFC 9234 §4.1): what we are to the peer. The peer must
 * announce the matching role ({@link #expectedPeerRole()}, RFC 9234 §4.2) and routes are marked
 * and filtered with the Only-to-Customer attribute accordingly (RFC 9234 §5).
 */
public enum BgpRole {
    /** We sell transit to the peer (the peer is our customer). Capability value 0. */
    PROVIDER(Capability.Role.PROVIDER, "provider"),
    /** We are a route server for the peer (RFC 7947). Capability value 1. */
    RS(Capability.Role.ROUTE_SERVER, "rs"),
    /** We are a client of the peer's route server. Capability value 2. */
    RS_CLIENT(Capability.Role.ROUTE_SERVER_CLIENT, "rs-client"),
    /** We buy transit from the peer (the peer is our provider). Capability value 3. */
    CUSTOMER(Capability.Role.CUSTOMER, "customer"),
    /** Lateral peering: neither side gives the other transit. Capability value 4. */
    PEER(Capability.Role.PEER, "peer");

    private final int code;
    private final String configName;

    BgpRole(int code, String configName) {
        this.code = code;
        this.configName = configName;
    }

    /** The value of the BGP Role capability (RFC 9234 §4.1). */
    public int code() {
        return code;
    }

    /** The configuration name: {@code provider}, {@code rs}, {@code rs-client}, {@code customer} or {@code peer}. */
    public String configName() {
        return configName;
    }

    /** The role the peer must announce on the session (RFC 9234 §4.2 table of allowed pairs). */
    public BgpRole expectedPeerRole() {
        return switch (this) {
            case PROVIDER -> CUSTOMER;
            case CUSTOMER -> PROVIDER;
            case RS -> RS_CLIENT;
            case RS_CLIENT -> RS;
            case PEER -> PEER;
        };
    }

    /**
     * The role named {@code name} (its {@link #configName()}; case-insensitive, {@code _} read as
     * {@code -}, so {@code rs_client} and BIRD's {@code rs_server} spelling of {@code rs} work).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static BgpRole parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.equals("rs-server")) {
            return RS;
        }
        for (BgpRole r : values()) {
            if (r.configName.equals(n)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown BGP role '" + name
                + "': expected provider, rs, rs-client, customer or peer (RFC 9234)");
    }
}
