package dev.weft.dataplane.iptables;

/** Which {@link dev.weft.dataplane.iptables.ipset.IpSetPort} implementation programs the IP sets. */
public enum IpSetImplementation {
    /** The {@code ipset} tool: {@code ipset save} / {@code ipset restore} child processes. */
    RESTORE,
    /** libipset ({@code libipset.so.13}) called in process through jnr-ffi. */
    LIBIPSET
}
