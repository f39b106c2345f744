/**
 * The Routing Information Bases of RFC 4271 §3.2: Adj-RIB-In per peer, Loc-RIB with the
 * decision process of §9.1.2.2 (a chain of small comparators), and Adj-RIB-Out per peer with
 * the export rules of §9.1.3. Pure and single-threaded: the owner calls it from one thread.
 */
package dev.weft.bgp.rib;
