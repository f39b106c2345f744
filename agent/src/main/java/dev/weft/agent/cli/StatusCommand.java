package dev.weft.agent.cli;

import dev.weft.agent.admin.AdminApi;
import dev.weft.agent.admin.AdminApi.PeerView;
import dev.weft.agent.admin.AdminApi.StatusView;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code weftctl status}: the node's BGP speaker and peers (like {@code birdc show protocols} or
 * {@code calicoctl node status}), from the running agent. Example:
 * <pre>
 * Node node-1: BGP AS 64512, router ID 10.0.0.11, originating 10.244.1.0/24
 *
 * PEER ADDRESS  PEER AS  TYPE  STATE        SINCE                 UPTIME   RECEIVED  ADVERTISED  INFO
 * 10.0.0.1      65000    eBGP  Established  2026-11-29T17:05:01Z  1h02m3s  12        1           -
 * </pre>
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the BGP speaker and its peers (state, uptime, prefixes) from the running agent.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions agent = new AgentOptions();

    @Override
    public Integer call() {
        agent.show(spec.commandLine().getOut(), AdminApi.STATUS, StatusView.class, StatusCommand::render);
        return 0;
    }

    static String render(StatusView s) {
        StringBuilder sb = new StringBuilder();
        if (!s.running()) {
            sb.append("Node ").append(s.node()).append(": BGP is not running")
                    .append(s.problem() == null || s.problem().isEmpty() ? "" : ": " + s.problem()).append('\n');
            return sb.toString();
        }
        sb.append("Node ").append(s.node()).append(": BGP AS ").append(s.localAs()).append(", router ID ")
                .append(s.routerId()).append(", originating ")
                .append(s.originated().isEmpty() ? "nothing" : String.join(" ", s.originated())).append("\n\n");
        if (s.peers().isEmpty()) {
            sb.append("No BGP peers configured.\n");
            return sb.toString();
        }
        Table t = new Table("PEER ADDRESS", "PEER AS", "TYPE", "STATE", "SINCE", "UPTIME", "RECEIVED", "ADVERTISED", "INFO");
        for (PeerView p : s.peers()) {
            t.row(p.address(), p.peerAs(), p.type(), p.state(), p.since(),
                    "Established".equals(p.state()) ? uptime(p.uptimeSeconds()) : null,
                    p.prefixesReceived(), p.prefixesAdvertised(), p.lastError());
        }
        sb.append(t.render());
        return sb.toString();
    }

    /** {@code 3d4h05m06s}, {@code 1h02m03s}, {@code 5m06s}, {@code 7s}. */
    static String uptime(long seconds) {
        long d = seconds / 86400;
        long h = seconds / 3600 % 24;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        if (d > 0) {
            return String.format(Locale.ROOT, "%dd%dh%02dm%02ds", d, h, m, s);
        }
        if (h > 0) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", h, m, s);
        }
        return m > 0 ? String.format(Locale.ROOT, "%dm%02ds", m, s) : s + "s";
    }
}
