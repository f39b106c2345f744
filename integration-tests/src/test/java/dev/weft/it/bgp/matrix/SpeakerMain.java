package dev.weft.it.bgp.matrix;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Weft speaker in its own JVM, so that a test can kill it abruptly ({@code kill -9}: the kernel
 * closes its sockets, no NOTIFICATION is sent) as an agent crash would. Started by
 * {@link #command} inside the speaker namespace; runs until killed.
 *
 * <p>Arguments: localAs routerId peerAddress peerAs holdTime gracefulRestartTime prefix...
 */
final class SpeakerMain {
    private SpeakerMain() {}

    public static void main(String[] args) throws Exception {
        SpeakerConfig config = SpeakerConfig.of(Long.parseLong(args[0]), IpAddresses.parseIpv4(args[1]))
                .withListen(IpAddresses.parse("::"), SpeakerConfig.BGP_PORT)
                .withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
        BgpSpeaker speaker = BgpSpeaker.start(config);
        for (int i = 6; i < args.length; i++) {
            speaker.originate(IpPrefix.parse(args[i]));
        }
        speaker.addPeer(InteropNet.acceptAll(PeerConfig.of(IpAddresses.parse(args[2]), Long.parseLong(args[3]))
                .withTimers(Integer.parseInt(args[4]), 0)
                .withGracefulRestartTime(Integer.parseInt(args[5]))));
        System.out.println("started");
        Thread.sleep(Long.MAX_VALUE);
    }

    /** The java command line running this class with the test's own class path. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SpeakerMain.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
