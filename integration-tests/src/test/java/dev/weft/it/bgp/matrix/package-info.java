/**
 * The BGP interop matrix of issue 5: Weft's speaker against BIRD 2, FRR, GoBGP and ExaBGP (plus a
 * raw-socket peer) in network namespaces named {@code wbi-*}, over IPv4 and IPv6. One harness per
 * daemon ({@link dev.weft.it.bgp.matrix.DaemonHarness}) renders its configuration from the templates
 * under {@code src/test/resources/bgp/}; {@link dev.weft.it.bgp.matrix.AbstractInteropMatrix} runs
 * the same checks against each of them, parameterised over {@link dev.weft.it.bgp.matrix.Family}.
 */
package dev.weft.it.bgp.matrix;
