package dev.weft.agent.cli;

import dev.weft.agent.admin.AdminApi;
import dev.weft.agent.admin.AdminApi.BlockView;
import dev.weft.agent.admin.AdminApi.IpamView;
import dev.weft.agent.admin.AdminApi.LeaseView;
import dev.weft.agent.admin.AdminApi.PoolView;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weftctl ipam}: the node's IP address management. */
@Command(name = "ipam", mixinStandardHelpOptions = true, description = "Pod IP address management of this node.",
        subcommands = {IpamCommand.Show.class})
final class IpamCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: show");
    }

    /**
     * {@code weftctl ipam show}: IPPools, the node's blocks with addresses in use, the free count
     * and every lease with its container ID. Example:
     * <pre>
     * Node node-1, lease store /var/lib/weft/ipam
     *
     * IPPOOL   CIDR
     * default  10.244.0.0/16
     *
     * BLOCK          SIZE  IN USE
     * 10.244.1.0/24  256   2
     * Free addresses: 251
     *
     * ADDRESS      BLOCK          CONTAINER ID  INTERFACE  POD
     * 10.244.1.2   10.244.1.0/24  3f2a…         eth0       default/web
     * </pre>
     */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show IPPools, this node's blocks, free addresses and leases (with container IDs).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions agent = new AgentOptions();

        @Override
        public Integer call() {
            agent.show(spec.commandLine().getOut(), AdminApi.IPAM, IpamView.class, Show::render);
            return 0;
        }

        static String render(IpamView v) {
            StringBuilder sb = new StringBuilder();
            sb.append("Node ").append(v.node()).append(", lease store ").append(v.directory()).append("\n\n");
            if (!v.pools().isEmpty()) {
                Table p = new Table("IPPOOL", "CIDR");
                for (PoolView pool : v.pools()) {
                    p.row(pool.name(), pool.cidr());
                }
                sb.append(p.render()).append('\n');
            }
            Table b = new Table("BLOCK", "SIZE", "IN USE");
            for (BlockView block : v.blocks()) {
                b.row(block.cidr(), block.size(), block.inUse());
            }
            sb.append(b.render()).append("Free addresses: ").append(v.free()).append("\n\n");
            if (v.leases().isEmpty()) {
                sb.append("No leases.\n");
            } else {
                Table l = new Table("ADDRESS", "BLOCK", "CONTAINER ID", "INTERFACE", "POD");
                for (LeaseView lease : v.leases()) {
                    l.row(lease.address(), lease.cidr(), lease.containerId(), lease.ifName(), lease.pod());
                }
                sb.append(l.render());
            }
            return sb.toString();
        }
    }
}
