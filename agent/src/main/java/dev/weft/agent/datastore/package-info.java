/**
 * The agent's view of the cluster: Kubernetes-style objects read from a {@link
 * dev.weft.agent.datastore.Datastore} (the standalone directory datastore, or the Kubernetes API
 * in {@code datastore.kube}), validated by one {@link dev.weft.agent.datastore.ResourceParser}
 * into immutable snapshots ({@link dev.weft.agent.datastore.ClusterState}) with per-object
 * rejections, plus sync and outage health ({@link dev.weft.agent.datastore.DatastoreHealth}).
 */
package dev.weft.agent.datastore;
