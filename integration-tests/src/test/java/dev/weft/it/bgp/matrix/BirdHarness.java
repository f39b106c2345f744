package dev.weft.it.bgp.matrix;

import dev.weft.common.net.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BIRD 2 ({@code bird -c CONF -s CTL -P PID}) peering with Weft through protocol {@code weft};
 * its static protocol {@code own} originates the daemon route. Config: {@code bgp/bird.conf.tmpl}.
 */
final class BirdHarness implements DaemonHarness {
    private InteropNet net;
    private Path ctl;
    private Process bird;

    @Override
    public String name() {
        return "bird";
    }

    @Override
    public void start(InteropNet net, PeerSetup setup) throws Exception {
        this.net = net;
        ctl = net.dir.resolve("bird.ctl");
        Files.deleteIfExists(ctl);
        StringBuilder extra = new StringBuilder();
        setup.md5().ifPresent(p -> extra.append("  password \"").append(p).append("\";\n"));
        if (setup.gracefulRestart()) {
            extra.append("  graceful restart on;\n  graceful restart time 60;\n");
        }
        Map<String, String> v = Templates.values(setup);
        v.put("EXTRA", extra.toString());
        Path conf = net.dir.resolve("bird.conf");
        Files.writeString(conf, Templates.render("bird.conf.tmpl", v));
        bird = net.startInDaemonNs("bird", "bird", "-f", "-c", conf.toString(), "-s", ctl.toString(),
                "-P", net.dir.resolve("bird.pid").toString());
        InteropNet.await(Duration.ofSeconds(20), () -> Files.exists(ctl), () -> net.log("bird"));
    }

    @Override
    public void stop() throws Exception {
        if (bird != null) {
            net.stop(bird, false);
            bird = null;
        }
    }

    @Override
    public void crash() throws Exception {
        if (bird != null) {
            net.stop(bird, true);
            bird = null;
        }
    }

    String birdc(String... cmd) {
        List<String> full = new ArrayList<>(List.of("birdc", "-s", ctl.toString()));
        full.addAll(List.of(cmd));
        // birdc exits 1 on "Network not found": the output says what happened either way
        return net.inDaemonNsAnyExit(full.toArray(String[]::new));
    }

    @Override
    public boolean established() {
        return birdc("show", "protocols", "weft").contains("Established");
    }

    @Override
    public boolean hasRouteFromWeft(IpPrefix prefix) {
        return birdc("show", "route", prefix.toString(), "protocol", "weft").contains(prefix.toString());
    }

    @Override
    public boolean staleFromWeft(IpPrefix prefix) {
        // BIRD 2.0.12 does not mark single routes in "show route"; while it keeps a restarting
        // neighbour's routes the protocol says "Neighbor graceful restart active"
        return hasRouteFromWeft(prefix) && birdc("show", "protocols", "all", "weft").contains("graceful restart active");
    }

    @Override
    public String routeDetail(IpPrefix prefix) {
        return birdc("show", "route", prefix.toString(), "all");
    }

    @Override
    public void withdrawOwn() {
        birdc("disable", "own");
    }

    @Override
    public void announceOwn() {
        birdc("enable", "own");
    }

    @Override
    public boolean requestRefresh() {
        birdc("reload", "in", "weft");
        return true;
    }

    @Override
    public long updatesReceived() {
        return counter("Import updates:");
    }

    @Override
    public long updatesSent() {
        return counter("Export updates:", 4);
    }

    @Override
    public long refreshesReceived() {
        // bird.conf.tmpl traces packets; BIRD 2.0.12 keeps no message counters
        return net.log("bird").lines().filter(l -> l.contains("Got ROUTE-REFRESH")).count();
    }

    private long counter(String label) {
        return counter(label, 0);
    }

    /** Column {@code column} (received, rejected, filtered, ignored, accepted / sent ...) of a "show protocols all" stats line. */
    private long counter(String label, int column) {
        for (String line : birdc("show", "protocols", "all", "weft").split("\n")) {
            String t = line.trim();
            if (t.startsWith(label)) {
                String[] cols = t.substring(label.length()).trim().split("\\s+");
                String c = cols[Math.min(column, cols.length - 1)];
                return c.equals("---") ? 0 : Long.parseLong(c);
            }
        }
        return -1;
    }

    @Override
    public String describe() {
        if (bird == null) {
            return "bird not running\n" + net.log("bird");
        }
        return birdc("show", "protocols", "all", "weft") + "\n" + birdc("show", "route", "all") + "\n" + tail(net.log("bird"));
    }

    static String tail(String log) {
        return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
    }
}
