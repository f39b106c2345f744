/**
 * Host-local IP address management for Pods: allocates addresses from a node's Pod CIDRs
 * ({@code Node.spec.podCIDRs}) and keeps one lease per address on disk.
 *
 * <p>Semantics follow the reference {@code host-local} IPAM plugin (containernetworking/plugins
 * {@code plugins/ipam/host-local}), made crash-safe:
 * <ul>
 *   <li><b>Layout</b> of the store directory: one file per leased address, named by the address
 *       ({@code 10.244.1.7}), holding the owner (container ID, interface name, Pod
 *       namespace/name) and the CIDR it came from; {@code last_reserved_ip.4} /
 *       {@code last_reserved_ip.6} for next-fit; {@code lock} for the inter-process lock;
 *       {@code .tmp-*} files only while a write is in flight.</li>
 *   <li><b>Locking</b>: every operation holds {@link java.nio.channels.FileChannel#lock()} on
 *       {@code lock} (an OS {@code fcntl} lock, released by the kernel when a process dies, even
 *       by {@code kill -9}) plus an in-JVM lock (file locks are per process).</li>
 *   <li><b>Atomic writes</b>: write a temp file, {@code fsync} it, rename it over the target,
 *       {@code fsync} the directory. A crash at any point leaves either the old or the new
 *       file, never a half-written lease; leftover temp files are deleted by the next
 *       operation. The lease file name <em>is</em> the address, so one address can never be
 *       leased twice. Only lease creation is made durable with fsync; a release (unlink) and the
 *       next-fit hint are atomic but not fsynced: after a power failure a released lease may
 *       reappear (the address stays unused until GC) — never a duplicate.</li>
 *   <li><b>Cache</b>: a generation counter in the lock file, incremented by every writer before
 *       it changes a lease file, lets each instance keep the lease files in memory and skip
 *       rereading the directory while nobody else wrote.</li>
 *   <li><b>Reserved addresses</b>: in IPv4 CIDRs of length ≤ 30 the network and broadcast
 *       addresses; in IPv6 CIDRs of length ≤ 126 the subnet-router anycast (network) address.
 *       The first host address ({@code .1}) is reserved by default, like host-local's default
 *       gateway, although Weft's routed wiring uses the link-local gateway 169.254.1.1 and needs
 *       no gateway inside the CIDR: keeping {@code .1} free leaves room for a node-side address
 *       later and matches what operators expect from host-local. Pass
 *       {@code reserveFirstHost = false} to {@link dev.weft.ipam.Ipam#open} to use it.
 *       CIDRs /31, /32 (IPv4) and /127, /128 (IPv6) reserve nothing.</li>
 *   <li><b>Next-fit</b>: allocation starts after the last address handed out in that family
 *       (like host-local's {@code last_reserved_ip}), so a freed address is not reused at once.</li>
 *   <li><b>Dual stack</b>: one address per family present in the Pod CIDRs; several CIDRs of one
 *       family are used in order as one range set.</li>
 *   <li><b>Idempotence</b>: allocating for an owner (container ID + interface name) that
 *       already holds leases returns them; releasing an unknown owner succeeds and releases
 *       nothing.</li>
 * </ul>
 */
package dev.weft.ipam;
