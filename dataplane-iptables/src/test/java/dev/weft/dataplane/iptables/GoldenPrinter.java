package dev.weft.dataplane.iptables;

import dev.weft.dataplane.iptables.ipset.DesiredKernelSet;
import dev.weft.dataplane.iptables.ipset.IpSetManager;
import dev.weft.dataplane.iptables.ipset.RestoreIpSetPort;
import dev.weft.dataplane.iptables.rules.RuleRenderer;
import dev.weft.model.ipset.IpFamily;

/** Prints the golden renderings (run by hand to regenerate after a reviewed change): V4, V6 or IPSET. */
final class GoldenPrinter {
    private GoldenPrinter() {}

    public static void main(String[] args) {
        if (args[0].equals("IPSET")) {
            FakeIpSetPort port = new FakeIpSetPort();
            new IpSetManager(port, 1000).applyUpdates(DesiredKernelSet.of(TestStates.everyMatch()), false);
            System.out.print(RestoreIpSetPort.render(port.batches.get(0)));
            return;
        }
        RuleRenderer r = new RuleRenderer("wft", 0x20000);
        System.out.print(r.render(TestStates.everyMatch(), IpFamily.valueOf(args[0])).fullRestoreInput());
    }
}
