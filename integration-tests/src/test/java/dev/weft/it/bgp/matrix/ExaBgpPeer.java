package dev.weft.it.bgp.matrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ExaBGP 4.2 in the daemon namespace, connecting actively to Weft from {@code local}. Routes are
 * announced through its text API: the test appends lines to a command file that a {@code tail -F}
 * process feeds to ExaBGP. Generic attributes ({@code attribute [ 0xCODE 0xFLAGS 0xVALUE ]}) are
 * put on the wire as given, so they can be malformed on purpose. Config: {@code bgp/exabgp.conf.tmpl}.
 */
final class ExaBgpPeer {
    private final InteropNet net;
    private final Path cmdFile;
    private Process exabgp;

    ExaBgpPeer(InteropNet net) {
        this.net = net;
        this.cmdFile = net.dir.resolve("exabgp.cmd");
    }

    void start(Family family, int localIndex, long localAs, long weftAs) throws IOException {
        Files.writeString(cmdFile, "");
        Map<String, String> v = new HashMap<>();
        v.put("CMD_FILE", cmdFile.toString());
        v.put("SPEAKER_IP", family.speakerIp());
        v.put("LOCAL_IP", family.daemonIp(localIndex));
        v.put("ROUTER_ID", Family.IPV4.daemonIp(localIndex));
        v.put("LOCAL_AS", Long.toString(localAs));
        v.put("WEFT_AS", Long.toString(weftAs));
        v.put("AF", family.af);
        Path conf = net.dir.resolve("exabgp.conf");
        Files.writeString(conf, Templates.render("exabgp.conf.tmpl", v));
        exabgp = net.startIn(net.daemonNs, "exabgp", List.of("exabgp", conf.toString()),
                List.of("exabgp.daemon.user=root", "exabgp.daemon.daemonize=false", "exabgp.log.destination=stdout",
                        "exabgp.api.ack=false", "exabgp.tcp.bind=", "exabgp.log.level=INFO", "exabgp.log.packets=true"));
    }

    /** Sends one API command, e.g. {@code announce route 203.0.113.1/32 next-hop 10.252.0.4}. */
    void command(String line) throws IOException {
        Files.writeString(cmdFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    boolean running() {
        return exabgp != null && exabgp.isAlive();
    }

    String log() {
        return BirdHarness.tail(net.log("exabgp"));
    }

    void stop() throws InterruptedException {
        if (exabgp != null) {
            net.stop(exabgp, false);
            exabgp = null;
        }
    }
}
