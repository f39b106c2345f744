package dev.weft.policy.input;

/**
 * One {@code containers[].ports[]} entry of a Pod (the target of named ports).
 *
 * @param name the port's name ({@code IANA_SVC_NAME}), or null when unnamed
 * @param port {@code containerPort}
 * @param protocol raw {@code protocol} text; null means TCP (the API default)
 */
public record ContainerPort(String name, int port, String protocol) {}
