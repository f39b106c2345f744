package dev.weft.bgp.server;

import dev.weft.bgp.policy.Policy;
import dev.weft.bgp.policy.PrefixList;
import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibOptions;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * JIT warm-up of the UPDATE ingest path, run once in the background when a speaker starts: a
 * few rounds of synthetic UPDATEs (IPv4 /32s from 198.18.0.0/15, RFC 2544's benchmarking range,
 * 800 per UPDATE as a full table is packed) are encoded, decoded by {@link BgpMessageCodec} and
 * applied to a throwaway {@link Rib} with one accept-all and one prefix-list eBGP peer, so that
 * the decoder, the RIB's tables, import policy and best-path code are compiled before the first
 * real table arrives (a cold JVM runs its first 100,000 prefixes interpreted, ≈ 1 s; see
 * bench/README.md). Nothing leaves this class: no socket, no listener, no shared state; the
 * objects are garbage afterwards.
 *
 * <p>Bounded: at most {@code rounds} × {@code prefixesPerRound} prefixes, and it stops between
 * UPDATE batches as soon as {@code stop} says so (the speaker stopping).
 */
final class IngestWarmUp {
    private static final System.Logger LOG = System.getLogger(IngestWarmUp.class.getName());
    /** Prefixes per synthetic UPDATE, as a packed full table carries them (≈ 4 KiB). */
    static final int PER_UPDATE = 800;
    /** 198.18.0.0 (RFC 2544's benchmarking range, 198.18.0.0/15). */
    private static final int FIRST_ADDRESS = IpAddresses.toInt(IpAddresses.parseIpv4("198.18.0.0"));
    /** UPDATEs per {@link Rib#update(InetAddress, List)} batch. */
    private static final int PER_BATCH = 16;

    private IngestWarmUp() {}

    /**
     * Runs the warm-up on the calling thread.
     *
     * @param rounds how many times a fresh RIB is loaded
     * @param prefixesPerRound prefixes per round and peer (a multiple of {@value #PER_UPDATE} is used)
     * @param stop polled between batches; true ends the warm-up early
     * @return prefixes applied (both peers together)
     */
    static long run(int rounds, int prefixesPerRound, BooleanSupplier stop) {
        long started = System.nanoTime();
        long applied = 0;
        Inet4Address routerId = IpAddresses.parseIpv4("192.0.2.1");
        InetAddress a = IpAddresses.parse("192.0.2.2");
        InetAddress b = IpAddresses.parse("192.0.2.3");
        int updates = Math.max(1, prefixesPerRound / PER_UPDATE);
        for (int round = 0; round < rounds && !stop.getAsBoolean(); round++) {
            Rib rib = new Rib(64512, RibOptions.of(routerId), new Rib.Output() {
                @Override
                public void bestPathChanged(IpPrefix prefix, Optional<Path> best) {
                    best.ifPresent(p -> BgpSpeaker.toBestPath(p, List.of(p.attributes().nextHop())));
                }

                @Override
                public void send(RibPeer peer, List<UpdateMessage> sent) {
                    // nothing is exported: both peers reject all
                }
            });
            rib.peerUp(peer(a, 64513, routerId, Policy.acceptAll()));
            rib.peerUp(peer(b, 64514, routerId, Policy.agentImportDefault(PrefixList.of("198.18.0.0/15 le 32"))));
            for (InetAddress from : List.of(a, b)) {
                long asn = from.equals(a) ? 64513 : 64514;
                List<UpdateMessage> batch = new ArrayList<>(PER_BATCH);
                for (int u = 0; u < updates && !stop.getAsBoolean(); u++) {
                    batch.add(roundTrip(update(asn, from, u)));
                    if (batch.size() == PER_BATCH || u == updates - 1) {
                        rib.update(from, batch);
                        applied += (long) batch.size() * PER_UPDATE;
                        batch = new ArrayList<>(PER_BATCH);
                    }
                }
            }
        }
        long took = System.nanoTime() - started;
        LOG.log(System.Logger.Level.DEBUG, () -> "ingest warm-up: " + rounds + " rounds in " + took / 1_000_000 + " ms");
        return applied;
    }

    private static RibPeer peer(InetAddress address, long asn, Inet4Address routerId, Policy importPolicy) {
        return new RibPeer(address, asn, routerId, true, routerId, CodecOptions.FOUR_OCTET_AS)
                .withPolicies(Optional.of(importPolicy), Optional.of(Policy.rejectAll()));
    }

    /** The {@code index}th UPDATE of a table: {@value #PER_UPDATE} consecutive /32s. */
    private static UpdateMessage update(long asn, InetAddress nextHop, int index) {
        return update(asn, nextHop, index * PER_UPDATE, PER_UPDATE);
    }

    /** An UPDATE of {@code count} consecutive /32s from the {@code first}th address of 198.18.0.0/15. */
    static UpdateMessage update(long asn, InetAddress nextHop, int first, int count) {
        int base = FIRST_ADDRESS + first;
        List<IpPrefix> nlri = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nlri.add(new IpPrefix(IpAddresses.fromIpv4Int(base + i), 32));
        }
        List<PathAttribute> attrs = List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(asn)), new PathAttribute.NextHop((Inet4Address) nextHop));
        return new UpdateMessage(List.of(), attrs, nlri);
    }

    /** Encodes and decodes {@code u} as a session would (4-octet AS). */
    private static UpdateMessage roundTrip(UpdateMessage u) {
        ByteBuf buf = Unpooled.buffer(4096);
        try {
            BgpMessageCodec.encode(u, buf, CodecOptions.FOUR_OCTET_AS);
            BgpMessage decoded = BgpMessageCodec.decode(buf, CodecOptions.FOUR_OCTET_AS, e -> { });
            return (UpdateMessage) decoded;
        } catch (dev.weft.bgp.wire.BgpWireException e) {
            throw new IllegalStateException("warm-up UPDATE does not decode", e);
        } finally {
            buf.release();
        }
    }
}
