/**
 * The public API of the BGP speaker: {@link dev.weft.bgp.server.BgpSpeaker} with its
 * configuration records, peer status snapshots and the best-path listener. A speaker's sessions
 * and timers run on one Netty event loop thread, its RIB and best-path listeners on a second
 * thread fed through bounded per-session queues; API calls hop onto the owning thread.
 */
package dev.weft.bgp.server;
