package dev.weft.it.bgp.matrix;

import dev.weft.common.net.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GoBGP 3 ({@code gobgpd -f CONF --api-hosts 127.0.0.1:PORT}) peering with Weft, driven with the
 * {@code gobgp} CLI. Config: {@code bgp/gobgpd.toml.tmpl}; the daemon route is put into its global
 * RIB with {@code gobgp global rib add}.
 */
final class GoBgpHarness implements DaemonHarness {
    static final String API_PORT = "50161";
    private InteropNet net;
    private PeerSetup setup;
    private final boolean gracefulNotification;
    private Process gobgpd;

    /** GoBGP as in the matrix: with {@link PeerSetup#gracefulRestart()}, RFC 4724 only (no N bit). */
    GoBgpHarness() {
        this(false);
    }

    /**
     * @param gracefulNotification with {@link PeerSetup#gracefulRestart()}, also {@code
     *     notification-enabled = true}: GoBGP sets the N bit of RFC 8538 in its Graceful Restart
     *     capability and treats NOTIFICATIONs other than Hard Reset gracefully
     */
    GoBgpHarness(boolean gracefulNotification) {
        this.gracefulNotification = gracefulNotification;
    }

    @Override
    public String name() {
        return "gobgp";
    }

    @Override
    public void start(InteropNet net, PeerSetup setup) throws Exception {
        this.net = net;
        this.setup = setup;
        StringBuilder neighbor = new StringBuilder();
        StringBuilder afi = new StringBuilder();
        setup.md5().ifPresent(p -> neighbor.append("    auth-password = \"").append(p).append("\"\n"));
        if (setup.gracefulRestart()) {
            neighbor.append("  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = 60\n");
            if (gracefulNotification) {
                neighbor.append("    notification-enabled = true\n");
            }
            afi.append("    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n");
        }
        Map<String, String> v = Templates.values(setup);
        v.put("GLOBAL_EXTRA", "");
        v.put("NEIGHBOR_EXTRA", neighbor.toString());
        v.put("AFI_EXTRA", afi.toString());
        Path conf = net.dir.resolve("gobgpd.toml");
        Files.writeString(conf, Templates.render("gobgpd.toml.tmpl", v));
        gobgpd = net.startInDaemonNs("gobgpd", "gobgpd", "-f", conf.toString(), "--api-hosts", "127.0.0.1:" + API_PORT, "-p",
                "--pprof-disable");
        InteropNet.await(Duration.ofSeconds(20), () -> ok("global"), () -> net.log("gobgpd"));
        announceOwn();
    }

    @Override
    public void stop() throws Exception {
        if (gobgpd != null) {
            net.stop(gobgpd, false);
            gobgpd = null;
        }
    }

    @Override
    public void crash() throws Exception {
        if (gobgpd != null) {
            net.stop(gobgpd, true);
            gobgpd = null;
        }
    }

    private boolean ok(String... args) {
        try {
            gobgp(args);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    String gobgp(String... args) {
        List<String> full = new ArrayList<>(List.of("gobgp", "-p", API_PORT));
        full.addAll(List.of(args));
        return net.inDaemonNs(full.toArray(String[]::new));
    }

    /** {@code gobgp neighbor <Weft> -j}: GoBGP's whole view of the session (capabilities, timers, counters). */
    String neighborJson() {
        return gobgp("neighbor", setup.family().speakerIp(), "-j");
    }

    @Override
    public boolean established() {
        return neighborJson().contains("\"session_state\":6");
    }

    private String adjIn(IpPrefix prefix) {
        try {
            return gobgp("neighbor", setup.family().speakerIp(), "adj-in", prefix.toString(), "-a", setup.family().af, "-j");
        } catch (IllegalStateException e) {
            return "";
        }
    }

    @Override
    public boolean hasRouteFromWeft(IpPrefix prefix) {
        return gobgp("global", "rib", "-a", setup.family().af, prefix.toString(), "-j").contains("\"" + setup.family().speakerIp() + "\"");
    }

    @Override
    public boolean staleFromWeft(IpPrefix prefix) {
        String r = gobgp("global", "rib", "-a", setup.family().af, prefix.toString(), "-j");
        return r.contains("\"" + setup.family().speakerIp() + "\"") && r.contains("\"stale\":true");
    }

    @Override
    public String routeDetail(IpPrefix prefix) {
        return gobgp("global", "rib", "-a", setup.family().af, prefix.toString()) + "\n" + adjIn(prefix);
    }

    @Override
    public void withdrawOwn() {
        gobgp("global", "rib", "del", setup.family().daemonRoute.toString(), "-a", setup.family().af);
    }

    @Override
    public void announceOwn() {
        gobgp("global", "rib", "add", setup.family().daemonRoute.toString(), "-a", setup.family().af);
    }

    @Override
    public boolean requestRefresh() {
        // measured with GoBGP 3.10: "softresetin" and "softreset" send no ROUTE-REFRESH (its
        // "Route Refresh" sent counter stays 0); it re-filters the Adj-RIB-In it keeps instead
        return false;
    }

    @Override
    public long updatesReceived() {
        return messages("received");
    }

    @Override
    public long updatesSent() {
        return messages("sent");
    }

    @Override
    public long refreshesReceived() {
        return messages("received", "refresh");
    }

    private long messages(String direction) {
        return messages(direction, "update");
    }

    /**
     * state.messages.{received|sent}.{kind} of "gobgp neighbor X -j"; GoBGP omits zero counters
     * ({@code omitempty}), so an absent key inside the object is 0.
     */
    private long messages(String direction, String kind) {
        String json = neighborJson();
        int at = json.indexOf("\"" + direction + "\":{");
        if (at < 0) {
            return -1;
        }
        String object = json.substring(at, json.indexOf('}', at) + 1);
        long n = FrrHarness.jsonLong(object, kind);
        return n < 0 ? 0 : n;
    }

    @Override
    public String describe() {
        if (gobgpd == null) {
            return "gobgpd not running\n" + net.log("gobgpd");
        }
        return gobgp("neighbor", setup.family().speakerIp()) + "\n" + gobgp("global", "rib", "-a", setup.family().af) + "\n"
                + BirdHarness.tail(net.log("gobgpd"));
    }
}
