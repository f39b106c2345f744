package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Adversarial cases for {@link SessionWarmUp} (run at start when {@link SpeakerConfig#ingestWarmUp()}
 * is on): it must never affect the real speaker.
 *
 * <ul>
 *   <li>A speaker started inside a network namespace whose loopback is down (fresh: no 127.0.0.1 at
 *       all, so the bind fails; and up-then-down: 127.0.0.1 is there but nothing reaches it, so the
 *       connect times out): the warm-up ends quietly and the speaker still takes a session over a
 *       veth from a second namespace and exchanges routes. bgp-speaker does not depend on netlink,
 *       so each side is a JVM of this test's class path started with {@code ip netns exec}
 *       ({@link Main}); namespaces {@code wadv-*}, removed in finally and at start.
 *   <li>A speaker closed while the warm-up runs: the {@code ingestWarmUp()} future completes, and no
 *       thread or listening socket of this JVM is left behind.
 * </ul>
 */
class SessionWarmUpAdversarialTest {
    static final String NS_SPEAKER = "wadv-warm";
    static final String NS_PEER = "wadv-warmp";
    static final String SPEAKER_ADDR = "10.199.0.1";
    static final String PEER_ADDR = "10.199.0.2";
    static final int PORT = 1790;
    static final IpPrefix FROM_SPEAKER = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix FROM_PEER = IpPrefix.parse("198.51.100.0/24");

    // ---- loopback down ----

    @Test
    void inANamespaceWhoseLoopbackWasNeverUpTheWarmUpFailsQuietly() throws Exception {
        runInNamespaces(false);
    }

    @Test
    void inANamespaceWhoseLoopbackWentDownTheWarmUpFailsQuietly() throws Exception {
        runInNamespaces(true);
    }

    private void runInNamespaces(boolean loWasUp) throws Exception {
        cleanup();
        try {
            sh("ip", "netns", "add", NS_SPEAKER);
            sh("ip", "netns", "add", NS_PEER);
            sh("ip", "link", "add", "wadv-v0", "netns", NS_SPEAKER, "type", "veth", "peer", "name", "wadv-v1", "netns", NS_PEER);
            sh("ip", "-n", NS_SPEAKER, "addr", "add", SPEAKER_ADDR + "/30", "dev", "wadv-v0");
            sh("ip", "-n", NS_PEER, "addr", "add", PEER_ADDR + "/30", "dev", "wadv-v1");
            sh("ip", "-n", NS_SPEAKER, "link", "set", "wadv-v0", "up");
            sh("ip", "-n", NS_PEER, "link", "set", "wadv-v1", "up");
            sh("ip", "-n", NS_PEER, "link", "set", "lo", "up");
            if (loWasUp) {
                sh("ip", "-n", NS_SPEAKER, "link", "set", "lo", "up");
                sh("ip", "-n", NS_SPEAKER, "link", "set", "lo", "down"); // 127.0.0.1 stays, nothing reaches it
            }
            Process speaker = java(NS_SPEAKER, "speaker");
            Process peer = java(NS_PEER, "peer");
            boolean peerDone = peer.waitFor(60, TimeUnit.SECONDS);
            boolean speakerDone = speaker.waitFor(60, TimeUnit.SECONDS);
            String speakerOut = output(speaker);
            String peerOut = output(peer);
            System.out.println("speaker in " + NS_SPEAKER + ":\n" + speakerOut + "\npeer in " + NS_PEER + ":\n" + peerOut);
            assertThat(peerDone && speakerDone).as("both sides finished").isTrue();
            assertThat(peerOut).contains("LEARNED " + FROM_SPEAKER);
            assertThat(speakerOut).contains("WARMUP_DONE").contains("WARMUP_SKIPPED").contains("LEARNED " + FROM_PEER)
                    .doesNotContain("WEFT_WARNING").doesNotContain("WEFT_SEVERE");
            assertThat(speaker.exitValue()).isZero();
            assertThat(peer.exitValue()).isZero();
        } finally {
            cleanup();
        }
    }

    private static void cleanup() throws Exception {
        for (String ns : List.of(NS_SPEAKER, NS_PEER)) {
            if (Files.exists(Path.of("/run/netns", ns))) {
                new ProcessBuilder("ip", "netns", "del", ns).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = output(p);
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** This test's JVM class path, run as {@link Main} {@code mode} inside namespace {@code ns}. */
    private static Process java(String ns, String mode) throws IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, javaBin, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), mode));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /**
     * One side of the namespace test. {@code speaker}: AS 65001 on {@value #SPEAKER_ADDR}:{@value #PORT}
     * with the warm-up on, passive peer {@value #PEER_ADDR}; prints WARMUP_DONE, WARMUP_SKIPPED (the
     * speaker's "session warm-up ... skipped" log line) and LEARNED with the peer's prefix.
     * {@code peer}: AS 65002, no listener, connects to the speaker; prints LEARNED with the
     * speaker's prefix. Exit 0 on success, 1 on a timeout.
     */
    static final class Main {
        public static void main(String[] args) throws Exception {
            boolean speakerSide = args[0].equals("speaker");
            List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
            Logger root = Logger.getLogger("");
            root.setLevel(Level.ALL);
            root.addHandler(new Handler() {
                @Override
                public void publish(LogRecord r) {
                    logged.add(r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage());
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            });
            SpeakerConfig config = speakerSide
                    ? SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.199.0.1"))
                            .withListen(IpAddresses.parse(SPEAKER_ADDR), PORT).withIngestWarmUp(true)
                    : SpeakerConfig.of(65002, IpAddresses.parseIpv4("10.199.0.2")).withListen(IpAddresses.parse(PEER_ADDR), 0)
                            .withConnectRetry(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(1));
            PeerConfig peer = (speakerSide ? PeerConfig.of(IpAddresses.parse(PEER_ADDR), 65002).withPassive(true)
                    : PeerConfig.of(IpAddresses.parse(SPEAKER_ADDR), 65001).withPeerPort(PORT))
                    .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL));
            IpPrefix mine = speakerSide ? FROM_SPEAKER : FROM_PEER;
            IpPrefix theirs = speakerSide ? FROM_PEER : FROM_SPEAKER;
            int rc = 1;
            try (BgpSpeaker s = BgpSpeaker.start(config)) {
                // learned at any time: the peer may already have left again when a slow warm-up ends
                java.util.concurrent.atomic.AtomicBoolean learned = new java.util.concurrent.atomic.AtomicBoolean();
                s.addBestPathListener((p, best) -> {
                    if (p.equals(theirs) && best.isPresent()) {
                        learned.set(true);
                    }
                });
                s.addPeer(peer);
                s.originate(mine);
                if (speakerSide) {
                    long ms = s.ingestWarmUp().get(50, TimeUnit.SECONDS);
                    System.out.println("WARMUP_DONE " + ms + " ms");
                }
                if (SpeakerSessionsTest.await(learned::get) || SpeakerSessionsTest.await(learned::get)) {
                    System.out.println("LEARNED " + theirs);
                    rc = 0;
                }
                Thread.sleep(speakerSide ? 500 : 3000); // the other side sees our route before we go
                System.out.println("peers " + s.peers());
            }
            synchronized (logged) {
                for (String l : logged) {
                    if (l.contains("session warm-up on 127.0.0.1 skipped")) {
                        System.out.println("WARMUP_SKIPPED " + l);
                    } else if ((l.startsWith("WARNING") || l.startsWith("SEVERE")) && l.contains(" dev.weft.")) {
                        System.out.println("WEFT_" + l); // Netty's own "Failed to find the loopback interface" is not ours
                    }
                }
            }
            System.out.flush();
            System.exit(rc);
        }
    }

    // ---- closed while the warm-up runs ----

    @Test
    void closingTheSpeakerWhileTheSessionWarmUpRunsLeavesNoThreadOrPort() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Set<String> listenersBefore = listeningSockets();
        BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), 0).withIngestWarmUp(true), new DefaultThreadFactory("wadv-real", true));
        // the session stage has begun when the throwaway speaker's event loop ("weft-bgp-N-1") exists
        boolean inSession = SpeakerSessionsTest.await(() -> newThreads(before).stream()
                .anyMatch(t -> t.getName().matches("weft-bgp-\\d+-\\d+")));
        speaker.close();
        long ms = speaker.ingestWarmUp().get(30, TimeUnit.SECONDS);
        System.out.println("closed " + (inSession ? "during the session warm-up" : "before it") + "; warm-up ended after " + ms + " ms");
        assertThat(inSession).as("closed while the session warm-up ran").isTrue();
        assertThat(SpeakerSessionsTest.await(() -> newThreads(before).isEmpty()))
                .as("threads left: " + newThreads(before)).isTrue();
        assertThat(listeningSockets()).as("listening sockets of this JVM").isSubsetOf(listenersBefore);
    }

    @Test
    void closingTheSpeakerDuringTheIngestStageEndsTheWarmUpWithoutTheSessionStage() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Set<String> listenersBefore = listeningSockets();
        BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), 0).withIngestWarmUp(true));
        speaker.close();
        speaker.ingestWarmUp().get(30, TimeUnit.SECONDS);
        assertThat(SpeakerSessionsTest.await(() -> newThreads(before).isEmpty()))
                .as("threads left: " + newThreads(before)).isTrue();
        assertThat(listeningSockets()).isSubsetOf(listenersBefore);
    }

    private static List<Thread> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .filter(t -> t.getName().startsWith("weft-bgp") || t.getName().startsWith("wadv-real"))
                .toList();
    }

    /** Listening TCP sockets (IPv4 and IPv6) owned by this JVM, as "address:port" in /proc/net/tcp form. */
    static Set<String> listeningSockets() throws IOException {
        Set<String> inodes = ProcSockets.ownSocketInodes();
        Set<String> out = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    out.add(f[1]);
                }
            }
        }
        return out;
    }
}
