/**
 * {@code weftctl}, the operator CLI (picocli). {@code weftctl status}, {@code weftctl routes} and
 * {@code weftctl ipam show} ask the running agent over its admin socket ({@code
 * dev.weft.agent.admin}) and print aligned tables, or the agent's JSON with {@code -o json}.
 * {@code weftctl policy explain} and {@code weftctl policy matrix} evaluate NetworkPolicy offline
 * from a directory of YAML (the directory datastore format: Pods, Namespaces, NetworkPolicies), or
 * with {@code --live} over the inputs the agent enforces now, through the same adapter and policy
 * engine the agent uses. Launcher: {@code agent/src/main/dist/weftctl}.
 */
package dev.weft.agent.cli;
