/**
 * The whole desired policy dataplane ({@link dev.weft.model.sync.DesiredState}) and the delivery
 * contract for changes to it ({@link dev.weft.model.sync.DesiredStateDelta}): IP sets before the
 * chains that use them, policy chains before the endpoint chains that jump to them, endpoint
 * chains before the endpoints bound to them; removals afterwards in the reverse order. A consumer
 * that applies updates in delivery order never sees a reference to something missing.
 */
package dev.weft.model.sync;
