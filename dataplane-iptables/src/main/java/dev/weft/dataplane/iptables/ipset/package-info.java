/**
 * Weft's IP sets in the kernel: the {@link dev.weft.dataplane.iptables.ipset.IpSetPort} with its
 * two implementations ({@link dev.weft.dataplane.iptables.ipset.RestoreIpSetPort}, the
 * {@code ipset} tool; {@link dev.weft.dataplane.iptables.ipset.LibIpSetPort}, libipset in process
 * through jnr-ffi) and {@link dev.weft.dataplane.iptables.ipset.IpSetManager}, the reconciler
 * that sizes sets explicitly and replaces large ones through a temporary set and swap. Internal to
 * the module; the public entry point is {@link dev.weft.dataplane.iptables.IptablesDataplane}.
 */
package dev.weft.dataplane.iptables.ipset;
