/**
 * NetworkPolicy in the agent.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.weft.agent.policy.PolicyInputs}: Kubernetes objects (datastore {@code Resource}s
 *       or fabric8 {@code Pod}/{@code Namespace}/{@code NetworkPolicy}) → the policy engine's input
 *       records; unconvertible objects become {@link dev.weft.agent.policy.InputRejection}s.</li>
 *   <li>{@link dev.weft.agent.policy.ReachabilityMatrix}: Pod × Pod reachability for one
 *       port/protocol, rendered as the upstream e2e netpol tables or JSON; shared by {@code weftctl
 *       policy matrix} (expected, from the evaluator) and the lab prober (observed).</li>
 *   <li>{@link dev.weft.agent.policy.PolicyController}: full recompute
 *       ({@code PolicyEngine.compute}) on every datastore state and local endpoint change, coalesced
 *       into one pending sync, handed to a {@code Consumer<DesiredState>} —
 *       {@link dev.weft.agent.policy.PolicyDataplanes#iptables} for the iptables/ipset dataplane.</li>
 *   <li>{@link dev.weft.agent.policy.PolicyController#podPolicyHook}: the CNI
 *       {@link dev.weft.agent.cni.PodPolicyHook}; an ADD returns only once the Pod's policy is
 *       applied (bounded wait, else {@link dev.weft.agent.policy.PolicyNotProgrammedException}).</li>
 *   <li>{@link dev.weft.agent.policy.LocalAttachment}: a wired Pod interface; after a restart the
 *       attachments are rebuilt from IPAM leases ({@link dev.weft.agent.policy.LocalAttachment#fromLeases}).</li>
 * </ul>
 *
 * <h2>Wiring in {@code weft-agent} (composition root)</h2>
 * <pre>
 * IptablesDataplane dp = IptablesDataplane.create(DataplaneConfig.defaults());
 * dp.startPeriodicResync(Duration.ofSeconds(10), e -&gt; LOG.error("policy resync", e));
 * PolicyController policy = new PolicyController(nodeName, PolicyDataplanes.iptables(dp));
 * policy.restoreEndpoints(LocalAttachment.fromLeases(ipam.leases()));   // before the first state
 * policy.start();
 * datastore listener:  s -&gt; { ...; policy.onState(s); }
 * CNI handler:         new CniHandler(ipam, driver, policy.podPolicyHook(Duration.ofSeconds(10)), podIpListener)
 * </pre>
 *
 * <h2>Review notes</h2>
 * <ul>
 *   <li>Full recompute per sync (kube-router style, one pending slot): ≈ 1 ms for the lab-sized
 *       kernel test; the engine's design doc gives 0.1–0.3 s for 10,000 Pods / 1,000 policies. An
 *       incremental calculation can replace it behind the same {@code Consumer<DesiredState>}.</li>
 *   <li>Restart safety: nothing is applied before the first datastore state, and endpoints of Pods
 *       wired before the restart must be restored before it, otherwise the dataplane's first
 *       (sweeping) apply would unbind them.</li>
 *   <li>The engine binds only endpoints whose Pod object is known: the hook waits (bounded) for the
 *       Pod object. Standalone datastores must write the Pod object before calling CNI ADD, as the
 *       Kubernetes API server / kubelet order guarantees.</li>
 * </ul>
 */
package dev.weft.agent.policy;
