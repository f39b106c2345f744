/**
 * NetworkPolicy in the agent: the datastore → policy-engine adapter ({@link
 * dev.weft.agent.policy.PolicyInputs}), the reachability matrix shared by {@code weftctl policy
 * matrix} and the lab prober ({@link dev.weft.agent.policy.ReachabilityMatrix}), and the
 * {@link dev.weft.agent.policy.PolicyController} that recomputes the node's desired policy state on
 * every datastore change and local endpoint change and hands it to the dataplane, including the
 * CNI {@link dev.weft.agent.cni.PodPolicyHook} that programs a Pod's policy before its ADD returns.
 */
package dev.weft.agent.policy;
