/**
 * {@code weftctl}, the operator CLI (picocli). {@code weftctl policy explain} and {@code weftctl
 * policy matrix} evaluate NetworkPolicy offline from a directory of YAML (the directory datastore
 * format: Pods, Namespaces, NetworkPolicies), through the same adapter and policy engine the agent
 * uses. Launcher: {@code agent/src/main/dist/weftctl}.
 */
package dev.weft.agent.cli;
