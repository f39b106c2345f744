package dev.weft.bgp.fsm;

import java.util.List;
import java.util.Objects;

/**
 * The result of one FSM step: the next state and the actions to carry out in order.
 *
 * @param next the next state
 * @param actions actions in order
 */
public record Transition(State next, List<Action> actions) {
    public Transition {
        Objects.requireNonNull(next, "next");
        actions = List.copyOf(actions);
    }

    static Transition of(State next, Action... actions) {
        return new Transition(next, List.of(actions));
    }
}
