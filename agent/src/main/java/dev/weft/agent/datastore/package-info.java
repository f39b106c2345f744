/**
 * The agent's view of the cluster: Kubernetes-style objects read from a datastore (for now the
 * standalone directory datastore), validated into immutable snapshots ({@link
 * dev.weft.agent.datastore.ClusterState}) with per-object rejections.
 */
package dev.weft.agent.datastore;
