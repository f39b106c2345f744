package dev.weft.agent.cli;

import dev.weft.agent.admin.AdminApi;
import dev.weft.agent.admin.AdminApi.KernelRouteView;
import dev.weft.agent.admin.AdminApi.RouteView;
import dev.weft.agent.admin.AdminApi.RoutesView;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code weftctl routes}: the Loc-RIB with best-path marks and whether each route is in the
 * kernel FIB (protocol {@code weft}), then the kernel's Weft routes without a Loc-RIB entry.
 * Example:
 * <pre>
 *    PREFIX         NEXT HOP  AS PATH  ORIGIN  FROM      KERNEL
 * *  10.244.1.0/24  -         -        local   local     no
 * *  10.244.2.0/24  10.0.0.1  65000    IGP     10.0.0.1  yes
 * (* best, = multipath)
 * </pre>
 */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "Show the Loc-RIB (best path '*', multipath '=') and which routes are in the kernel.")
final class RoutesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions agent = new AgentOptions();

    @Override
    public Integer call() {
        agent.show(spec.commandLine().getOut(), AdminApi.ROUTES, RoutesView.class, RoutesCommand::render);
        return 0;
    }

    static String render(RoutesView v) {
        StringBuilder sb = new StringBuilder();
        if (v.routes().isEmpty()) {
            sb.append("Loc-RIB is empty.\n");
        } else {
            Table t = new Table("", "PREFIX", "NEXT HOP", "AS PATH", "ORIGIN", "FROM", "KERNEL");
            for (RouteView r : v.routes()) {
                String mark = (r.best() ? "*" : "") + (r.multipath() ? "=" : "");
                List<String> hops = r.multipath() ? r.kernelNextHops() : r.nextHops();
                t.row(mark, r.prefix(), hops.isEmpty() ? null : String.join(", ", hops),
                        r.asPath().isEmpty() ? null : r.asPath().stream().map(String::valueOf).collect(Collectors.joining(" ")),
                        r.origin(), r.from(), v.kernelError() != null ? "?" : r.inKernel() ? "yes" : "no");
            }
            sb.append(t.render()).append("(* best, = multipath)\n");
        }
        if (v.kernelError() != null) {
            sb.append("\nkernel FIB not readable: ").append(v.kernelError()).append('\n');
        } else if (!v.kernelOnly().isEmpty()) {
            sb.append("\nKernel routes of protocol weft without a Loc-RIB entry (Pod routes, kept routes):\n");
            Table k = new Table("PREFIX", "NEXT HOP");
            for (KernelRouteView r : v.kernelOnly()) {
                k.row(r.prefix(), String.join(", ", r.nextHops()));
            }
            sb.append(k.render());
        }
        return sb.toString();
    }
}
