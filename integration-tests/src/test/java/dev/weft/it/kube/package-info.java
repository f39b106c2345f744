/**
 * End-to-end test of Weft as a Kubernetes add-on: the real {@code weft-agent} process in a network
 * namespace, configured only through a Kubernetes API (fabric8's CRUD mock server), peering with
 * BIRD and programming NetworkPolicy, observed through BIRD, {@code weftctl}, the API objects'
 * status, iptables/ipset and the health endpoints.
 */
package dev.weft.it.kube;
