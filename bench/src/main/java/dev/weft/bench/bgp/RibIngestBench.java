package dev.weft.bench.bgp;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibOptions;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The receiver's RIB work alone, in process: the benchmark table ({@link BenchUpdates}, N /32s,
 * 800 per UPDATE) decoded once into compact-key UPDATEs as the session's decoder makes them, then
 * applied with {@link Rib#update} in batches of 32 UPDATEs (the session inbox's batch) from one
 * eBGP peer with accept-all import and reject-all export (the benchmark receiver's policies), no
 * best-path listener. Each round uses a fresh RIB; prints every round's seconds and the median of
 * the rounds after the first (JIT warm-up). What the end-to-end benchmark adds to this is the TCP
 * read and the decode on the event loop, beside it on the other core.
 *
 * <p>{@code java -XX:+UseSerialGC -Xms256m -cp weft-bench.jar:lib/* dev.weft.bench.bgp.RibIngestBench [N] [rounds]}
 */
public final class RibIngestBench {
    private static final int BATCH = 32;

    private RibIngestBench() {}

    public static void main(String[] args) throws BgpWireException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        if (args.length > 2) {
            // JIT warm-up on a small table first, as the speaker's IngestWarmUp does, so that the
            // first round is a warm JVM meeting a fresh heap (the benchmark receiver's situation)
            List<UpdateMessage> small = decoded(Integer.parseInt(args[2]));
            for (int r = 0; r < 20; r++) {
                round(small);
            }
        }
        List<UpdateMessage> updates = decoded(n);
        double[] seconds = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            seconds[r] = round(updates);
            System.out.printf("round %d: %.3f s%n", r + 1, seconds[r]);
        }
        double[] warm = Arrays.copyOfRange(seconds, Math.min(1, rounds - 1), rounds);
        Arrays.sort(warm);
        System.out.printf("RIBINGEST N=%d median %.3f s over %d warm rounds (%.0f ns per prefix)%n", n,
                warm[warm.length / 2], warm.length, warm[warm.length / 2] * 1e9 / n);
    }

    private static List<UpdateMessage> decoded(int n) throws BgpWireException {
        ByteBuf all = Unpooled.wrappedBuffer(BenchUpdates.encoded(n, 65001, IpAddresses.parseIpv4("10.0.0.1")));
        List<UpdateMessage> out = new ArrayList<>();
        while (all.isReadable()) {
            int length = all.getUnsignedShort(all.readerIndex() + 16);
            ByteBuf frame = all.readSlice(length);
            out.add((UpdateMessage) BgpMessageCodec.decode(frame, CodecOptions.FOUR_OCTET_AS, e -> { }));
        }
        all.release();
        return out;
    }

    private static double round(List<UpdateMessage> updates) {
        Rib rib = new Rib(65002, RibOptions.of(IpAddresses.parseIpv4("10.0.0.2")), new Rib.Output() {
            @Override
            public void bestPathChanged(IpPrefix prefix, Optional<Path> best) {}

            @Override
            public void send(RibPeer peer, List<UpdateMessage> messages) {}

            @Override
            public boolean wantsBestPaths() {
                return false;
            }
        });
        InetAddress address = IpAddresses.parse("10.0.0.1");
        rib.peerUp(new RibPeer(address, 65001, IpAddresses.parseIpv4("10.0.0.1"), true,
                IpAddresses.parseIpv4("10.0.0.2"), CodecOptions.FOUR_OCTET_AS)
                .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.REJECT_ALL)));
        long t0 = System.nanoTime();
        for (int i = 0; i < updates.size(); i += BATCH) {
            rib.update(address, updates.subList(i, Math.min(updates.size(), i + BATCH)));
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (rib.locRibSize() != updates.stream().mapToInt(u -> u.nlri().size()).sum()) {
            throw new IllegalStateException("Loc-RIB holds " + rib.locRibSize() + " prefixes");
        }
        return s;
    }
}
