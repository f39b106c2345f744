/**
 * Side-effect shims of the iptables/ipset dataplane: the {@link
 * dev.weft.dataplane.iptables.exec.CommandRunner} process port (optionally through {@code ip netns
 * exec}) and {@link dev.weft.dataplane.iptables.exec.NetnsThread}, a dedicated thread moved into a
 * network namespace with setns(2) through jnr-ffi, for in-process netlink users such as libipset.
 */
package dev.weft.dataplane.iptables.exec;
