/**
 * Desired IP sets: content-addressed identifiers, set types as the kernel's ipset names them
 * ({@code hash:ip}, {@code hash:net}, {@code hash:ip,port}) and their members.
 *
 * <p>A set is family-neutral: it may hold IPv4 and IPv6 members; a driver creates one kernel set
 * per address family ({@link dev.weft.model.ipset.IpSetId#kernelName(IpFamily)}) and loads
 * {@link dev.weft.model.ipset.IpSet#members(IpFamily)} into it.
 */
package dev.weft.model.ipset;
