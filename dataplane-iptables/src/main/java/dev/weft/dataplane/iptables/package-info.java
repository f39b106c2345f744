/**
 * Weft's NetworkPolicy dataplane on iptables and ipset. The public entry point is {@link
 * dev.weft.dataplane.iptables.IptablesDataplane} ({@code apply(DesiredState)}, {@code resync()},
 * {@code close()}), configured by {@link dev.weft.dataplane.iptables.DataplaneConfig}. Layers,
 * after Calico Felix: the renderer ({@code rules.RuleRenderer}, pure), the reconcilers
 * ({@code rules.FilterTable}, {@code ipset.IpSetManager}, which diff against what they programmed
 * and read back), and the ports ({@code exec.CommandRunner}, {@code ipset.IpSetPort}).
 */
package dev.weft.dataplane.iptables;
