/**
 * rtnetlink over jnr-ffi: routes (with a reconciler that owns routes by protocol number), links
 * and veth pairs, addresses, sysctls, and entering a network namespace by path.
 *
 * <p>Entry points: {@link dev.weft.netlink.Netlink} (one NETLINK_ROUTE socket bound to one
 * network namespace), {@link dev.weft.netlink.RouteTableReconciler} (route table ownership by
 * protocol number: batched incremental passes and full resyncs), {@link dev.weft.netlink.FibRoute}
 * and {@link dev.weft.netlink.NextHop} (single-path and ECMP multipath routes),
 * {@link dev.weft.netlink.NetNs} (run code inside a namespace). Messages are built and
 * parsed in Java ({@code NlMessageBuilder}, {@code NlMessage}, {@code NlAttributes} and the
 * per-family codecs); only libc calls go through jnr-ffi. Errors are
 * {@link dev.weft.netlink.NetlinkException} with the errno.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3549">RFC 3549 (Netlink)</a>
 */
package dev.weft.netlink;
