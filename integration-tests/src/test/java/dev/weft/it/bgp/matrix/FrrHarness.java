package dev.weft.it.bgp.matrix;

import dev.weft.common.net.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FRR 8.4: {@code zebra} and {@code bgpd} started directly with a private {@code --vty_socket}
 * directory (no watchfrr), driven with {@code vtysh}. Config: {@code bgp/frr-bgpd.conf.tmpl}.
 */
final class FrrHarness implements DaemonHarness {
    private InteropNet net;
    private PeerSetup setup;
    private Path d;
    private Process zebra;
    private Process bgpd;

    @Override
    public String name() {
        return "frr";
    }

    @Override
    public void start(InteropNet net, PeerSetup setup) throws Exception {
        this.net = net;
        this.setup = setup;
        d = net.dir.resolve("frr");
        Files.createDirectories(d);
        Files.deleteIfExists(d.resolve("bgpd.vty"));
        Files.deleteIfExists(d.resolve("zserv.api"));
        String peer = setup.family().speakerIp();
        StringBuilder global = new StringBuilder();
        StringBuilder neighbor = new StringBuilder();
        setup.md5().ifPresent(p -> neighbor.append(" neighbor ").append(peer).append(" password ").append(p).append('\n'));
        if (setup.gracefulRestart()) {
            global.append(" bgp graceful-restart\n bgp graceful-restart restart-time 60\n bgp graceful-restart stalepath-time 60\n");
        }
        Map<String, String> v = Templates.values(setup);
        v.put("DIR", d.toString());
        v.put("GLOBAL_EXTRA", global.toString());
        v.put("NEIGHBOR_EXTRA", neighbor.toString());
        Files.writeString(d.resolve("bgpd.conf"), Templates.render("frr-bgpd.conf.tmpl", v));
        Files.writeString(d.resolve("zebra.conf"), "hostname wbi-frr\nlog file " + d.resolve("zebra.log") + "\n");
        InteropNet.sh("chown", "-R", "frr:frr", d.toString());
        zebra = net.startInDaemonNs("zebra", "/usr/lib/frr/zebra", "--vty_socket", d.toString(), "-z", d + "/zserv.api",
                "-i", d + "/zebra.pid", "-f", d + "/zebra.conf", "-u", "frr", "-g", "frr");
        InteropNet.await(Duration.ofSeconds(20), () -> Files.exists(d.resolve("zserv.api")), () -> net.log("zebra"));
        bgpd = net.startInDaemonNs("bgpd", "/usr/lib/frr/bgpd", "--vty_socket", d.toString(), "-z", d + "/zserv.api",
                "-i", d + "/bgpd.pid", "-f", d + "/bgpd.conf", "-u", "frr", "-g", "frr");
        InteropNet.await(Duration.ofSeconds(20), () -> Files.exists(d.resolve("bgpd.vty")), () -> net.log("bgpd"));
    }

    @Override
    public void stop() throws Exception {
        if (bgpd != null) {
            net.stop(bgpd, false);
            bgpd = null;
        }
        if (zebra != null) {
            net.stop(zebra, false);
            zebra = null;
        }
    }

    @Override
    public void crash() throws Exception {
        if (bgpd != null) {
            net.stop(bgpd, true);
            bgpd = null;
        }
        if (zebra != null) {
            net.stop(zebra, true);
            zebra = null;
        }
    }

    String vtysh(String... commands) {
        List<String> full = new ArrayList<>(List.of("vtysh", "--vty_socket", d.toString()));
        for (String c : commands) {
            full.add("-c");
            full.add(c);
        }
        return net.inDaemonNs(full.toArray(String[]::new));
    }

    private String neighborJson() {
        return vtysh("show bgp neighbors " + setup.family().speakerIp() + " json");
    }

    @Override
    public boolean established() {
        return neighborJson().contains("\"bgpState\":\"Established\"");
    }

    @Override
    public boolean hasRouteFromWeft(IpPrefix prefix) {
        return vtysh("show bgp " + setup.family().af + " unicast " + prefix + " json").contains("\"" + setup.family().speakerIp() + "\"");
    }

    @Override
    public boolean staleFromWeft(IpPrefix prefix) {
        String r = vtysh("show bgp " + setup.family().af + " unicast " + prefix + " json");
        return r.contains("\"" + setup.family().speakerIp() + "\"") && r.contains("\"stale\":true");
    }

    @Override
    public String routeDetail(IpPrefix prefix) {
        return vtysh("show bgp " + setup.family().af + " unicast " + prefix);
    }

    @Override
    public void withdrawOwn() {
        vtysh("configure terminal", "router bgp " + setup.daemonAs(), "address-family " + setup.family().af + " unicast",
                "no network " + setup.family().daemonRoute);
    }

    @Override
    public void announceOwn() {
        vtysh("configure terminal", "router bgp " + setup.daemonAs(), "address-family " + setup.family().af + " unicast",
                "network " + setup.family().daemonRoute);
    }

    @Override
    public boolean requestRefresh() {
        vtysh("clear bgp " + setup.family().af + " unicast " + setup.family().speakerIp() + " soft in");
        return true;
    }

    @Override
    public long updatesReceived() {
        return jsonLong(neighborJson(), "updatesRecv");
    }

    @Override
    public long updatesSent() {
        return jsonLong(neighborJson(), "updatesSent");
    }

    @Override
    public long refreshesReceived() {
        return jsonLong(neighborJson(), "routeRefreshRecv");
    }

    static long jsonLong(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Override
    public String describe() {
        if (bgpd == null) {
            return "frr not running\n" + net.log("bgpd");
        }
        return vtysh("show bgp neighbors " + setup.family().speakerIp()) + "\n" + vtysh("show bgp " + setup.family().af + " unicast")
                + "\n" + BirdHarness.tail(readLog());
    }

    private String readLog() {
        try {
            return Files.readString(d.resolve("bgpd.log"));
        } catch (Exception e) {
            return net.log("bgpd");
        }
    }
}
