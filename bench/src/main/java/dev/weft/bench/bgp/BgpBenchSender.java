package dev.weft.bench.bgp;

import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.common.net.IpAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * The benchmark's BGP sender: pre-encodes the whole table ({@link BenchUpdates}), connects to the
 * receiver, exchanges OPEN/KEEPALIVE and, the moment the session is Established, writes every
 * UPDATE in one {@code write}. Prints machine-readable lines on stdout:
 * {@code ESTABLISHED <epoch ms>}, {@code SENT <epoch ms> <bytes>}, {@code FIRST_UPDATE <epoch ms>}
 * (the first UPDATE the receiver sends us). Keeps the session up until killed. Proposes hold time
 * 0 by default (RFC 4271 §4.2: no KEEPALIVEs, no hold timer), so a receiver that takes minutes to
 * read the table (GoBGP under load) never expires a hold timer while our KEEPALIVEs wait behind
 * the table in the socket; {@code --hold-time S} proposes S and sends KEEPALIVEs every S/3.
 *
 * <pre>
 * BgpBenchSender --connect IP [--port 179] [--local-as 65001] [--router-id IP] [--prefixes N]
 *                [--next-hop IP] [--hold-time S]
 *                [--retry]                      connect again every 20 ms until accepted
 * BgpBenchSender --null [--prefixes N]          ceiling: write the table into a local socket
 *                                               whose reader only discards
 * </pre>
 */
public final class BgpBenchSender {
    private BgpBenchSender() {}

    public static void main(String[] args) throws Exception {
        String connect = null;
        int port = 179;
        long localAs = 65001;
        String routerId = null;
        String nextHop = null;
        int prefixes = 1_000_000;
        boolean retry = false;
        boolean nullReceiver = false;
        int holdTime = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connect" -> connect = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--local-as" -> localAs = Long.parseLong(args[++i]);
                case "--router-id" -> routerId = args[++i];
                case "--next-hop" -> nextHop = args[++i];
                case "--prefixes" -> prefixes = Integer.parseInt(args[++i]);
                case "--retry" -> retry = true;
                case "--null" -> nullReceiver = true;
                case "--hold-time" -> holdTime = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String hop = nextHop != null ? nextHop : routerId != null ? routerId : "192.0.2.1";
        long e0 = System.nanoTime();
        byte[] table = BenchUpdates.encoded(prefixes, localAs, IpAddresses.parseIpv4(hop));
        System.err.printf("encoded %,d prefixes in %,d bytes (%,d UPDATEs) in %.0f ms%n", prefixes, table.length,
                (prefixes + BenchUpdates.PER_UPDATE - 1) / BenchUpdates.PER_UPDATE, (System.nanoTime() - e0) / 1e6);
        if (nullReceiver) {
            nullCeiling(table, prefixes);
            return;
        }
        if (connect == null) {
            throw new IllegalArgumentException("--connect IP or --null required");
        }
        while (!session(connect, port, retry, localAs, holdTime, routerId != null ? routerId : hop, table)) {
            Thread.sleep(20); // refused before Established (e.g. the receiver's peer not configured yet): again
        }
    }

    /** One session; false if it ended before Established and {@code retry} is set. */
    private static boolean session(String connect, int port, boolean retry, long localAs, int holdTime, String routerId,
            byte[] table) throws IOException, InterruptedException {
        Socket s = connect(connect, port, retry);
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        OpenMessage open = new OpenMessage(4, (int) localAs, holdTime, IpAddresses.parseIpv4(routerId),
                List.of(new Capability.MultiProtocol(dev.weft.bgp.wire.AddressFamily.IPV4_UNICAST),
                        new Capability.FourOctetAs(localAs)));
        out.write(encode(open));
        boolean established = false;
        byte[] keepalive = encode(KeepaliveMessage.INSTANCE);
        boolean firstUpdate = false;
        int holdFinal = holdTime;
        while (true) {
            byte[] header = new byte[BgpMessageCodec.HEADER_LENGTH];
            try {
                in.readFully(header);
            } catch (java.io.EOFException | java.net.SocketException e) {
                s.close();
                if (!established && retry) {
                    return false;
                }
                throw e;
            }
            int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
            int type = header[18] & 0xff;
            byte[] body = new byte[length - BgpMessageCodec.HEADER_LENGTH];
            in.readFully(body);
            if (type == 1) {
                out.write(keepalive);
            } else if (type == 4 && !established) {
                established = true;
                System.out.println("ESTABLISHED " + System.currentTimeMillis());
                System.out.flush();
                Thread writer = new Thread(() -> {
                    try {
                        out.write(table);
                        out.flush();
                        System.out.println("SENT " + System.currentTimeMillis() + " " + table.length);
                        System.out.flush();
                        while (holdFinal > 0) {
                            Thread.sleep(holdFinal * 1000L / 3);
                            synchronized (out) {
                                out.write(keepalive);
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        System.err.println("writer: " + e);
                    }
                }, "bench-writer");
                writer.setDaemon(true);
                writer.start();
            } else if (type == 2 && !firstUpdate) {
                firstUpdate = true;
                System.out.println("FIRST_UPDATE " + System.currentTimeMillis());
                System.out.flush();
            } else if (type == 3) {
                System.out.println("NOTIFICATION " + (body.length > 1 ? (body[0] & 0xff) + "/" + (body[1] & 0xff) : "?"));
                System.out.flush();
                s.close();
                if (!established && retry) {
                    return false;
                }
                System.exit(2);
            }
        }
    }


    private static Socket connect(String host, int port, boolean retry) throws IOException, InterruptedException {
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), 2000);
                return s;
            } catch (ConnectException e) {
                s.close();
                if (!retry) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static byte[] encode(dev.weft.bgp.wire.BgpMessage m) {
        ByteBuf b = Unpooled.buffer();
        BgpMessageCodec.encode(m, b, CodecOptions.FOUR_OCTET_AS);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    /** Writes the table into a loopback socket whose reader discards; prints the time until the reader has it all. */
    private static void nullCeiling(byte[] table, int prefixes) throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            long[] done = new long[1];
            Thread reader = new Thread(() -> {
                try (Socket c = server.accept(); InputStream in = c.getInputStream()) {
                    byte[] buf = new byte[1 << 16];
                    long total = 0;
                    int r;
                    while (total < table.length && (r = in.read(buf)) > 0) {
                        total += r;
                    }
                    done[0] = System.nanoTime();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            reader.start();
            try (Socket s = new Socket("127.0.0.1", server.getLocalPort())) {
                long t0 = System.nanoTime();
                s.getOutputStream().write(table);
                reader.join();
                double secs = (done[0] - t0) / 1e9;
                System.out.printf("NULL %d %.4f %.0f%n", prefixes, secs, prefixes / secs);
            }
        }
    }
}
