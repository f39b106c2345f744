/**
 * Local endpoints: the Pods wired on this node (host-side interface and IPs) bound to the
 * endpoint chains that police their traffic.
 */
package dev.weft.model.endpoint;
