/**
 * BGP-4 wire format: immutable message and path attribute types and their codec (RFC 4271 §4;
 * RFC 4760 multiprotocol with RFC 2545 IPv6 next hops; RFC 5492 capabilities incl. RFC 4724
 * Graceful Restart, RFC 7313 Enhanced Route Refresh, RFC 8654 Extended Messages, RFC 9234 Role;
 * RFC 6793 4-octet AS; RFC 2918/7313 ROUTE-REFRESH; RFC 1997 COMMUNITIES, RFC 8092
 * LARGE_COMMUNITY, RFC 4456 ORIGINATOR_ID/CLUSTER_LIST, RFC 9234 OTC) with RFC 7606 revised
 * error handling: {@link dev.weft.bgp.wire.RevisedErrorHandling} tables every attribute type,
 * {@link dev.weft.bgp.wire.UpdateMessage} documents what a decoded UPDATE looks like after each
 * kind of error. Codec classes: {@link dev.weft.bgp.wire.BgpMessageCodec} (entry points),
 * {@code OpenCodec}, {@code CapabilityCodec}, {@code UpdateCodec}, {@code AttributeCodec} and one
 * codec per attribute family ({@code BaseAttributeCodec}, {@code CommunityAttributeCodec},
 * {@code LoopPreventionAttributeCodec}, {@code MpAttributeCodec}), {@code Prefixes}. A leaf
 * package: it depends on nothing else in {@code dev.weft.bgp}; decoded objects hold no
 * {@code ByteBuf}.
 */
package dev.weft.bgp.wire;
