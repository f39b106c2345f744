package dev.weft.agent.cli;

import dev.weft.agent.admin.AdminApi;
import dev.weft.agent.admin.AdminClient;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.Resource;
import dev.weft.agent.policy.InputRejection;
import dev.weft.agent.policy.PolicyInputs;
import dev.weft.model.ipset.Protocol;
import dev.weft.policy.calc.Rejection;
import dev.weft.policy.eval.PolicyEvaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weftctl policy}: NetworkPolicy evaluation, offline from a directory of YAML or, with
 * {@code --live}, over the inputs the running agent enforces now (its admin socket).
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Evaluate NetworkPolicy offline from a directory of YAML (Pods, Namespaces, NetworkPolicies), "
                + "or with --live from the running agent's current inputs.",
        subcommands = {ExplainCommand.class, MatrixCommand.class})
final class PolicyCommand implements Runnable {
    /** The lab's datastore directory. */
    static final String DEFAULT_DIR = "/var/lib/weft-lab/datastore";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: explain or matrix");
    }

    /** Options shared by explain and matrix. */
    static final class Common {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
                description = "Directory of YAML/JSON objects (default: ${DEFAULT-VALUE}, the lab's datastore).")
        Path dir;

        @Option(names = "--live", description = "Use the Pods, Namespaces and NetworkPolicies the running agent "
                + "enforces now (over its admin socket) instead of --dir.")
        boolean live;

        @Option(names = "--socket", paramLabel = "PATH", defaultValue = AdminApi.DEFAULT_SOCKET,
                description = "The agent's admin socket for --live (default: ${DEFAULT-VALUE}).")
        Path socket;

        @Option(names = "--port", required = true, paramLabel = "N", description = "Destination port, 1-65535.")
        int port;

        @Option(names = "--protocol", paramLabel = "PROTO", defaultValue = "TCP",
                description = "TCP, UDP or SCTP (default: ${DEFAULT-VALUE}).")
        String protocol;

        /** Validates port and protocol. @throws CommandLine.ParameterException (exit 2) */
        Protocol protocol(CommandSpec spec) {
            if (port < 1 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port + " out of range 1-65535");
            }
            return Protocol.fromKubernetes(protocol).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "--protocol must be TCP, UDP or SCTP, got '" + protocol + "'"));
        }

        /**
         * Reads the directory (or the agent's inputs with {@code --live}), prints every rejection as a
         * warning, and returns the evaluator's input.
         */
        Loaded load(PrintWriter err) {
            PolicyInputs.Result converted;
            if (live) {
                AdminApi.PolicyView view;
                try (AdminClient client = new AdminClient(socket, Duration.ofSeconds(10))) {
                    view = client.get(AdminApi.POLICY, AdminApi.PolicyView.class);
                }
                view.rejections().forEach(r -> err.println("warning: rejected " + r));
                List<Resource> resources = new ArrayList<>();
                for (AdminApi.ObjectView o : view.objects()) {
                    resources.add(new Resource(o.kind(), o.namespace(), o.name(), o.object(), null));
                }
                converted = PolicyInputs.fromResources(resources);
            } else {
                ClusterState raw = DatastoreDirectory.read(dir);
                raw.rejections().forEach(r -> err.println("warning: rejected " + r));
                converted = PolicyInputs.fromDatastore(raw);
            }
            for (InputRejection r : converted.rejections()) {
                err.println("warning: rejected " + r);
            }
            PolicyEvaluator evaluator = PolicyEvaluator.of(converted.state());
            for (Rejection r : evaluator.rejections()) {
                err.println("warning: NetworkPolicy " + r.policy() + " rejected, not enforced: " + r.reason());
            }
            err.flush();
            return new Loaded(converted.state(), evaluator);
        }
    }

    /** What {@link Common#load} read. */
    record Loaded(dev.weft.policy.input.ClusterState state, PolicyEvaluator evaluator) {}
}
