/**
 * The public API of the BGP speaker: {@link dev.weft.bgp.server.BgpSpeaker} with its
 * configuration records, peer status snapshots and the best-path listener. Everything of a
 * speaker (sessions, timers, RIB) runs on one Netty event loop thread; API calls hop onto it.
 */
package dev.weft.bgp.server;
