/**
 * The agent's CNI server: executes the CNI commands the {@code weft} plugin forwards (CNI SPEC
 * 1.1.0; configs of 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0 accepted and answered in their format).
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.weft.agent.cni.CniServer#start(java.nio.file.Path, dev.weft.agent.cni.CniHandler)}:
 *       the Unix socket (default {@code /var/run/weft/cni.sock}).</li>
 *   <li>{@link dev.weft.agent.cni.CniHandler}: ADD/DEL/CHECK/VERSION/GC/STATUS, built from an
 *       {@link dev.weft.ipam.Ipam} for this node's Pod CIDRs, a
 *       {@link dev.weft.agent.cni.PodNetworkDriver} (production:
 *       {@link dev.weft.agent.cni.RoutedPodNetworkDriver}), a
 *       {@link dev.weft.agent.cni.PodPolicyHook} and a {@link dev.weft.agent.cni.PodIpListener}.</li>
 * </ul>
 *
 * <h2>Plugin ↔ agent protocol (one request per connection, stream Unix socket)</h2>
 * <pre>
 * frame    = length:uint32 (big endian, 1 .. 16 MiB) || payload: UTF-8 JSON object of `length` bytes
 * request  = {"protocol":1,
 *             "env":{"CNI_COMMAND":"ADD","CNI_CONTAINERID":"…","CNI_NETNS":"…","CNI_IFNAME":"eth0",
 *                    "CNI_ARGS":"…","CNI_PATH":"…"},          only variables that are set; "" stays ""
 *             "stdin":"&lt;network configuration exactly as the runtime sent it&gt;"}
 * response = {"exitCode":0,"stdout":"&lt;result or error JSON, or empty&gt;"}   optional "stderr":"…"
 * </pre>
 * The plugin ({@code cni-plugin}, package {@code dev.weft.cni.plugin}) prints {@code stdout}
 * verbatim and exits with {@code exitCode}. A request that is not this shape gets exit 1 and a
 * code 6 error; a client that sends no complete request within 30 s is disconnected. The
 * socket file is mode 0600.
 *
 * <h2>Wiring</h2>
 * Routed, no bridge ({@link dev.weft.agent.cni.RoutedPodNetworkDriver}): host end
 * {@code wft<11 hex of sha256(containerID)>} with proxy ARP, {@code <podIP>/32 dev wft…} host
 * route with protocol 87; Pod {@code eth0} with its {@code /32} and {@code default via
 * 169.254.1.1}; IPv6 with {@code /128} and {@code default via fe80::1} (held by the host end).
 *
 * <h2>Error codes</h2>
 * 1 incompatible version (details list the supported ones), 4 invalid/missing environment
 * variables ("required env variables [CNI_NETNS] missing", "unknown CNI_COMMAND: X", bad
 * CNI_ARGS), 5 IPAM store I/O failure, 6 stdin not a JSON object, 7 invalid network config,
 * 8 CNI_NETNS is the agent's own namespace, 11 try again later (NetworkPolicy not programmable yet; DEL could not remove wiring;
 * the datastore refused the Pod's IPs; the plugin also uses it when the agent is unreachable),
 * 50 STATUS: no free address, 100 no free Pod address, 101 wiring failed (undone),
 * 102 CHECK mismatch, 999 internal error.
 */
package dev.weft.agent.cni;
