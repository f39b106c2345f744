/**
 * Import and export policy (issue 5; RFC 8212): pure functions over an immutable
 * {@link dev.weft.bgp.rib.Path}. A {@link Policy} is an ordered list of {@link Statement}s
 * (conditions, actions, disposition) and a default disposition; conditions are prefix lists with
 * ge/le ({@link PrefixList}), AS-path regex / contains / origin AS / length, community and large
 * community matches ({@link Condition}); actions set LOCAL_PREF / MED, add, remove or set
 * communities and large communities, next-hop self or keep ({@link Action}). The RIB applies
 * import policies between Adj-RIB-In and Loc-RIB and export policies between Loc-RIB and
 * Adj-RIB-Out. Depends on {@code rib} and {@code wire}; nothing below depends on it.
 */
package dev.weft.bgp.policy;
