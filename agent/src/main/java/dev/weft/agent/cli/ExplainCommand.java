package dev.weft.agent.cli;

import dev.weft.common.net.IpAddresses;
import dev.weft.model.ipset.Protocol;
import dev.weft.policy.eval.DirectionVerdict;
import dev.weft.policy.eval.FlowPeer;
import dev.weft.policy.eval.Verdict;
import dev.weft.policy.input.PodRef;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weftctl policy explain}: whether a new connection is allowed, and which policy and rule
 * decided at the source (egress) and at the destination (ingress). Output, e.g.:
 * <pre>
 * DENIED x/a (10.244.1.2) -> y/b (10.244.2.3) port 80/TCP
 *   egress of x/a: not isolated (no policy selects the Pod for egress)
 *   ingress of y/b: denied (isolated by y/deny-all; no rule matches)
 * </pre>
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain whether a new connection from one Pod (or IP) to another is allowed, and why.")
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyCommand.Common common = new PolicyCommand.Common();

    @Option(names = "--from", required = true, paramLabel = "NS/POD|IP", description = "Source Pod (namespace/name) or address.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "NS/POD|IP", description = "Destination Pod (namespace/name) or address.")
    String to;

    @Override
    public Integer call() {
        Protocol protocol = common.protocol(spec);
        FlowPeer src = peer(from, "--from");
        FlowPeer dst = peer(to, "--to");
        PrintWriter out = spec.commandLine().getOut();
        PolicyCommand.Loaded loaded = common.load(spec.commandLine().getErr());
        Verdict v = loaded.evaluator().evaluate(src, dst, common.port, protocol);
        out.println((v.allowed() ? "ALLOWED " : "DENIED ") + name(src, v.source().getHostAddress()) + " -> "
                + name(dst, v.destination().getHostAddress()) + " port " + common.port + "/" + protocol.name());
        if (v.loopback()) {
            out.println("  loopback: allowed, a Pod cannot block access to itself (the rules alone would say:)");
        }
        out.println("  " + line(v.egress(), "egress of " + from));
        out.println("  " + line(v.ingress(), "ingress of " + to));
        out.flush();
        return 0;
    }

    private static String name(FlowPeer peer, String address) {
        return peer instanceof FlowPeer.Pod p ? p.ref() + " (" + address + ")" : address;
    }

    private static String line(DirectionVerdict d, String what) {
        String text = d.describe();
        return what + ": " + text.substring(text.indexOf(':') + 2);
    }

    private FlowPeer peer(String text, String option) {
        if (text.indexOf('/') < 0) {
            try {
                return new FlowPeer.Ip(IpAddresses.parse(text));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        option + " must be namespace/name or an IP address, got '" + text + "'");
            }
        }
        try {
            return new FlowPeer.Pod(PodRef.parse(text));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
