package dev.weft.agent.cli;

import dev.weft.agent.policy.ReachabilityMatrix;
import dev.weft.model.ipset.Protocol;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weftctl policy matrix}: the expected reachability of every Pod to every Pod, in the
 * upstream e2e layout ({@link ReachabilityMatrix#render()}) or as JSON ({@link
 * ReachabilityMatrix#toJson()}).
 */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Print the expected reachability matrix (rows from, columns to; '.' reachable, 'X' not, "
                + "'?' unknown: a Pod without an IP).")
final class MatrixCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyCommand.Common common = new PolicyCommand.Common();

    @Option(names = "--json", description = "Print JSON: port, protocol, pods (IPs, node), reachability from -> to -> true|false|null.")
    boolean json;

    @Override
    public Integer call() {
        Protocol protocol = common.protocol(spec);
        PrintWriter out = spec.commandLine().getOut();
        PolicyCommand.Loaded loaded = common.load(spec.commandLine().getErr());
        ReachabilityMatrix m = ReachabilityMatrix.expected(loaded.evaluator(), loaded.state(), common.port, protocol);
        out.println(json ? m.toJson() : m.render());
        out.flush();
        return 0;
    }
}
