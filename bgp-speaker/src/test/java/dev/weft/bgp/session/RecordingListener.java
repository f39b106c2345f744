package dev.weft.bgp.session;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.UpdateMessage;
import java.util.ArrayList;
import java.util.List;

/** Records what a session reports. */
final class RecordingListener implements SessionListener {
    boolean acceptOpen = true;
    final List<NegotiatedSession> opens = new ArrayList<>();
    int established;
    final List<UpdateMessage> updates = new ArrayList<>();
    int routeRefreshes;
    final List<BgpWireException> softErrors = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    State lastStateAtClose;

    @Override
    public boolean openReceived(BgpSessionHandler session, NegotiatedSession negotiated) {
        opens.add(negotiated);
        return acceptOpen;
    }

    @Override
    public void established(BgpSessionHandler session) {
        established++;
    }

    @Override
    public void update(BgpSessionHandler session, UpdateMessage update) {
        updates.add(update);
    }

    @Override
    public void routeRefresh(BgpSessionHandler session) {
        routeRefreshes++;
    }

    @Override
    public void softError(BgpSessionHandler session, BgpWireException error) {
        softErrors.add(error);
    }

    @Override
    public void closed(BgpSessionHandler session, State lastState, String reason) {
        closed.add(reason);
        lastStateAtClose = lastState;
    }
}
