package dev.weft.agent.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * {@code BGPConfiguration.weft.dev/v1} (cluster scoped): cluster-wide BGP defaults; the object
 * named {@code default} applies to every node (as in Calico). Schema: {@code
 * helm/weft/crds/weft.dev_bgpconfigurations.yaml}; validated into {@code
 * dev.weft.agent.datastore.BgpConfigurationSpec}.
 */
@Group(BgpPeer.GROUP)
@Version(BgpPeer.VERSION)
@Kind("BGPConfiguration")
@Plural("bgpconfigurations")
@Singular("bgpconfiguration")
public class BgpConfiguration extends CustomResource<BgpConfiguration.Spec, Void> {
    /** {@code spec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Spec {
        /** Default AS of nodes without a {@code weft.dev/bgp-asn} annotation, 1–4294967295 (default 64512). */
        public Long asNumber;
        /** TCP port the speaker listens on, 1–65535 (default 179). */
        public Integer listenPort;
        /** Every node also peers with every other node on their InternalIPs (default false). */
        public Boolean nodeToNodeMeshEnabled;
        /**
         * ECMP width: the most equal-cost next hops of one kernel route, 1–64 (default 8; 1 = no
         * multipath). A change restarts the node's BGP speaker.
         */
        public Integer maxPaths;
    }
}
