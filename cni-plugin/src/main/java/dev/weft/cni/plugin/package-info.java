/**
 * The {@code weft} CNI plugin binary: a thin client that forwards one CNI invocation to the
 * Weft agent on the node and prints the agent's answer. It depends on {@code java.base} only
 * and is compiled with {@code -XDstringConcat=inline} (no invokedynamic bootstrap at start-up).
 *
 * <h2>What the plugin does itself</h2>
 * <ul>
 *   <li>{@code --version} (or no {@code CNI_COMMAND} at all): prints
 *       {@code CNI weft plugin v0.1.0} and {@code CNI protocol versions supported: 0.3.0, 0.3.1,
 *       0.4.0, 1.0.0, 1.1.0} on <b>stderr</b> and exits 0, exactly like the reference plugins'
 *       "about" text ({@code /usr/lib/cni/bridge --version}).</li>
 *   <li>{@code CNI_COMMAND=VERSION}: prints {@code {"cniVersion":<input>,"supportedVersions":[...]}}
 *       (CNI SPEC §5 "Version success"; {@code cniVersion} echoes stdin's, "1.1.0" if absent).</li>
 *   <li>Agent unreachable (socket missing, connection refused, connection closed before an
 *       answer): prints a CNI error with code 11 (try again later) naming the socket and exits 1.
 *       This includes <b>DEL</b>: answering success without the agent would leak the lease and the
 *       host veth/route forever (the runtime never repeats a successful DEL), while an error makes
 *       the runtime retry DEL until the agent (a DaemonSet) is back. Leases of Pods deleted while
 *       Weft is absent for good are reclaimed by the agent's lease GC.</li>
 * </ul>
 *
 * <h2>Socket</h2>
 * First match wins: environment {@code WEFT_CNI_SOCKET}; the network configuration's top-level
 * string field {@code "weftSocket"}; {@code /var/run/weft/cni.sock}.
 *
 * <h2>Plugin ↔ agent protocol (one request per connection, stream Unix socket)</h2>
 * <pre>
 * frame    = length:uint32 (big endian, 1 .. 16 MiB) || payload: UTF-8 JSON object of `length` bytes
 * request  = {"protocol":1,
 *             "env":{"CNI_COMMAND":"ADD","CNI_CONTAINERID":"...","CNI_NETNS":"...","CNI_IFNAME":"eth0",
 *                    "CNI_ARGS":"...","CNI_PATH":"..."},        only variables that are set; "" stays ""
 *             "stdin":"&lt;network configuration exactly as received&gt;"}
 * response = {"exitCode":0,"stdout":"&lt;bytes to print on stdout&gt;"}     optional "stderr":"&lt;log text&gt;"
 * </pre>
 * The plugin writes one request frame, reads one response frame, prints {@code stdout} verbatim,
 * {@code stderr} (if any) on stderr, and exits with {@code exitCode}. Forwarded variables:
 * {@code CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS, CNI_PATH,
 * CNI_NETNS_OVERRIDE}.
 */
package dev.weft.cni.plugin;
