package dev.weft.it.bgp;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A {@link BgpSpeaker} in its own JVM, so a test can run it inside a network namespace with
 * {@code ip netns exec NS java -cp CP dev.weft.it.bgp.SpeakerProcess LOCAL_AS ROUTER_ID LISTEN_PORT}.
 *
 * <p>Line protocol on stdin: {@code peer ADDR AS [passive] [hold]}, {@code remove ADDR},
 * {@code originate PREFIX}, {@code withdraw PREFIX}, {@code status}, {@code locrib}, {@code quit}.
 * Answers on stdout: {@code READY}; {@code PEER addr|state|received|advertised|lastError} lines;
 * {@code ROUTE prefix nextHop asPath peer} lines; each answer ends with {@code END}; best-path
 * changes print {@code BEST prefix nextHop|-} at any time.
 */
public final class SpeakerProcess {
    private SpeakerProcess() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SpeakerConfig config = SpeakerConfig.of(Long.parseLong(args[0]), IpAddresses.parseIpv4(args[1]))
                .withListen(IpAddresses.parse("0.0.0.0"), Integer.parseInt(args[2]))
                .withConnectRetry(Duration.ofMillis(500), Duration.ofSeconds(4));
        try (BgpSpeaker speaker = BgpSpeaker.start(config)) {
            speaker.addBestPathListener((prefix, best) -> {
                synchronized (out) {
                    out.println("BEST " + prefix + " " + best.map(b -> b.nextHop().getHostAddress()).orElse("-"));
                }
            });
            synchronized (out) {
                out.println("READY");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.trim().split("\\s+");
                StringBuilder answer = new StringBuilder();
                try {
                    switch (w[0]) {
                        case "peer" -> {
                            PeerConfig p = PeerConfig.of(IpAddresses.parse(w[1]), Long.parseLong(w[2]));
                            if (w.length > 3 && w[3].equals("passive")) {
                                p = p.withPassive(true);
                            }
                            if (w.length > 4) {
                                int hold = Integer.parseInt(w[4]);
                                p = p.withTimers(hold, 0);
                            }
                            speaker.addPeer(p);
                        }
                        case "remove" -> speaker.removePeer(IpAddresses.parse(w[1]));
                        case "originate" -> speaker.originate(IpPrefix.parse(w[1]));
                        case "withdraw" -> speaker.withdrawOriginated(IpPrefix.parse(w[1]));
                        case "status" -> {
                            for (PeerStatus s : speaker.peers()) {
                                answer.append("PEER ").append(s.peerAddress().getHostAddress()).append('|').append(s.state())
                                        .append('|').append(s.prefixesReceived()).append('|').append(s.prefixesAdvertised())
                                        .append('|').append(s.lastError().orElse("")).append('\n');
                            }
                        }
                        case "locrib" -> speaker.locRib().forEach((p, b) -> answer.append("ROUTE ").append(p).append(' ')
                                .append(b.nextHop().getHostAddress()).append(' ').append(b.asPath()).append(' ')
                                .append(b.peerAddress().getHostAddress()).append('\n'));
                        case "quit" -> {
                            synchronized (out) {
                                out.println("END");
                            }
                            return;
                        }
                        default -> answer.append("ERROR unknown command ").append(w[0]).append('\n');
                    }
                } catch (RuntimeException e) {
                    answer.append("ERROR ").append(e).append('\n');
                }
                synchronized (out) {
                    out.print(answer);
                    out.println("END");
                }
            }
        }
    }
}
