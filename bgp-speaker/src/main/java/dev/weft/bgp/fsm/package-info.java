/**
 * The BGP finite state machine of RFC 4271 §8 as a pure function:
 * {@code (State, Event) → (next State, Actions)}. No I/O, no timers, no threads: the session
 * layer feeds events and carries out the actions.
 */
package dev.weft.bgp.fsm;
