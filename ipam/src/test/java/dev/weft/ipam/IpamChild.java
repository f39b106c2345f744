package dev.weft.ipam;

import dev.weft.common.net.IpPrefix;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A separate-process IPAM client for {@link IpamProcessTest}.
 *
 * <ul>
 *   <li>{@code alloc DIR CIDR COUNT PREFIX}: allocates COUNT addresses for containers
 *       PREFIX-0..; prints "containerId address" per line.</li>
 *   <li>{@code churn DIR CIDR PREFIX}: prints "ready", then allocates and releases forever,
 *       keeping at most 8 of its own leases, until killed.</li>
 * </ul>
 */
public final class IpamChild {
    private IpamChild() {}

    public static void main(String[] args) {
        Ipam ipam = Ipam.open(Path.of(args[1]), List.of(IpPrefix.parse(args[2])));
        if (args[0].equals("alloc")) {
            int count = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                String cid = args[4] + "-" + i;
                Allocation a = ipam.allocate(new LeaseOwner(cid, "eth0", "ns", "pod-" + i));
                System.out.println(cid + " " + a.leases().get(0).address().getHostAddress());
            }
            System.out.flush();
            return;
        }
        ArrayDeque<String> live = new ArrayDeque<>();
        System.out.println("ready");
        System.out.flush();
        for (long i = 0; ; i++) {
            String cid = args[3] + "-" + i;
            ipam.allocate(LeaseOwner.of(cid, "eth0"));
            live.add(cid);
            if (live.size() > 8) {
                ipam.release(live.poll(), "eth0");
            }
        }
    }
}
