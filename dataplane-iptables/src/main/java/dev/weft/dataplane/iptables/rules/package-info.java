/**
 * iptables rendering and reconciliation: {@link dev.weft.dataplane.iptables.rules.RuleRenderer}
 * (pure: desired state → chains with position-chained {@link
 * dev.weft.dataplane.iptables.rules.RuleHashes rule hashes}), {@link
 * dev.weft.dataplane.iptables.rules.ObservedFilter} (read-back of hashes from
 * {@code iptables-save}), {@link dev.weft.dataplane.iptables.rules.FilterDiff} and {@link
 * dev.weft.dataplane.iptables.rules.RestoreInputBuilder} (the smallest one-transaction
 * {@code iptables-restore --noflush} input), {@link dev.weft.dataplane.iptables.rules.FilterTable}
 * (the per-family reconciler) and {@link dev.weft.dataplane.iptables.rules.IptablesBackend}
 * (nft/legacy detection). Internal to the module; the public entry point is {@link
 * dev.weft.dataplane.iptables.IptablesDataplane}.
 */
package dev.weft.dataplane.iptables.rules;
