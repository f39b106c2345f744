/**
 * One BGP connection: {@link dev.weft.bgp.session.BgpSessionHandler} runs the pure
 * {@link dev.weft.bgp.fsm.Fsm} for a TCP connection on its Netty event loop, validates the
 * peer's OPEN ({@link dev.weft.bgp.session.OpenValidator}), negotiates hold time and
 * capabilities, drives the HoldTimer and KeepaliveTimer on the channel's executor and reports
 * to a {@link dev.weft.bgp.session.SessionListener}.
 */
package dev.weft.bgp.session;
