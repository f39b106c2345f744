package dev.weft.agent.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * {@code IPPool.weft.dev/v1} (cluster scoped): a range Pod addresses are allocated from, in
 * blocks handed to nodes (as Calico's IPPool). Schema: {@code
 * helm/weft/crds/weft.dev_ippools.yaml}; validated by {@code ResourceParser.ipPool}.
 */
@Group(BgpPeer.GROUP)
@Version(BgpPeer.VERSION)
@Kind("IPPool")
@Plural("ippools")
@Singular("ippool")
public class IpPool extends CustomResource<IpPool.Spec, Void> {
    /** {@code spec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Spec {
        /** The pool, a CIDR with no host bits set (required), e.g. {@code 10.244.0.0/16}. */
        public String cidr;
        /** Prefix length of the per-node blocks, from the pool's length to 32 (IPv4) / 128 (IPv6); default 26 / 122. */
        public Integer blockSize;
        /** Only nodes whose labels match get blocks from this pool (default: every node). */
        public LabelSelector nodeSelector;
        /** No new blocks are allocated from a disabled pool (default false). */
        public Boolean disabled;
    }
}
