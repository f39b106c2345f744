package dev.weft.model.sync;

import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.EndpointChain;
import dev.weft.model.filter.PolicyChain;
import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetId;
import dev.weft.model.ipset.IpSetMember;
import java.util.List;
import java.util.Objects;

/** One change to the desired state, as delivered by {@link DesiredStateDelta}. */
public sealed interface DesiredStateUpdate {

    /**
     * A set is new or its members changed.
     *
     * @param set the complete new set
     * @param created true if the set did not exist before (then {@code added} = all members, {@code removed} empty)
     * @param added members to add, canonical order
     * @param removed members to delete, canonical order
     */
    record IpSetUpdate(IpSet set, boolean created, List<IpSetMember> added, List<IpSetMember> removed) implements DesiredStateUpdate {
        public IpSetUpdate {
            Objects.requireNonNull(set, "set");
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    /** A policy chain is new or its rules changed; {@code chain} is the complete new chain. */
    record PolicyChainUpdate(PolicyChain chain) implements DesiredStateUpdate {
        public PolicyChainUpdate {
            Objects.requireNonNull(chain, "chain");
        }
    }

    /** An endpoint chain is new or changed; {@code chain} is the complete new chain. */
    record EndpointChainUpdate(EndpointChain chain) implements DesiredStateUpdate {
        public EndpointChainUpdate {
            Objects.requireNonNull(chain, "chain");
        }
    }

    /** An endpoint is new or changed (interface, IPs or chains). */
    record EndpointUpdate(LocalEndpoint endpoint) implements DesiredStateUpdate {
        public EndpointUpdate {
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /** An endpoint is gone: remove its dispatch. */
    record EndpointRemove(EndpointId id) implements DesiredStateUpdate {
        public EndpointRemove {
            Objects.requireNonNull(id, "id");
        }
    }

    /** An endpoint chain is no longer referenced: delete it. */
    record EndpointChainRemove(ChainName name) implements DesiredStateUpdate {
        public EndpointChainRemove {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A policy chain is no longer referenced: delete it. */
    record PolicyChainRemove(ChainName name) implements DesiredStateUpdate {
        public PolicyChainRemove {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A set is no longer referenced: destroy it (after the chains that used it are gone). */
    record IpSetRemove(IpSetId id) implements DesiredStateUpdate {
        public IpSetRemove {
            Objects.requireNonNull(id, "id");
        }
    }
}
