package dev.weft.netlink;

/** Scope of an interface address (ifa_scope, {@code linux/rtnetlink.h} enum rt_scope_t). */
public enum AddressScope {
    /** RT_SCOPE_UNIVERSE (0): a global address. */
    UNIVERSE(0),
    /** RT_SCOPE_LINK (253): valid on the attached link only. */
    LINK(253),
    /** RT_SCOPE_HOST (254): valid inside this host only; never a source address for other hosts. */
    HOST(254);

    final int value;

    AddressScope(int value) {
        this.value = value;
    }
}
