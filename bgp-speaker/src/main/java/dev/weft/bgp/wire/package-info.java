/**
 * BGP-4 wire format: immutable message and path attribute types and their codec (RFC 4271 §4,
 * RFC 5492 capabilities, RFC 6793 4-octet AS, RFC 2918 ROUTE-REFRESH, RFC 1997 COMMUNITIES) with
 * RFC 7606 error handling strengths. A leaf package: it depends on nothing else in
 * {@code dev.weft.bgp}; decoded objects hold no {@code ByteBuf}.
 */
package dev.weft.bgp.wire;
