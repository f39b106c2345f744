package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.netlink.NetNs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNI configuration is installed once the CNI server serves, and removed on a clean stop. */
class PodNetworkingTest {
    @TempDir
    Path dir;

    @Test
    void writesTheCniConfigurationWhenReadyAndRemovesItOnStop() throws Exception {
        String ns = "wops-pn-" + Long.toHexString(System.nanoTime() & 0xffffL);
        ip("netns", "add", ns);
        try {
            ip("-n", ns, "link", "set", "lo", "up");
            Path objects = Files.createDirectories(dir.resolve("objects"));
            Files.writeString(objects.resolve("node.yaml"), """
                    kind: Node
                    metadata: {name: node-1}
                    spec: {podCIDRs: [10.244.1.0/24]}
                    """);
            ClusterState state = DirectoryDatastore.read(objects);
            Path source = Files.writeString(dir.resolve("10-weft.conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\"}\n");
            Path target = dir.resolve("net.d/10-weft.conflist");
            Path socket = dir.resolve("run/cni.sock");
            PodNetworking pods = new PodNetworking("node-1", socket, dir.resolve("ipam"), 87);
            pods.writeCniConfWhenReady(source, target);
            AtomicInteger opened = new AtomicInteger();
            pods.onIpamOpened(ipam -> opened.incrementAndGet());
            pods.onIpamOpened(ipam -> opened.incrementAndGet());
            assertThat(target).doesNotExist();
            // The gateway address goes on the namespace's lo, not the machine's.
            NetNs.callIn(Path.of("/var/run/netns", ns), () -> {
                pods.onState(state);
                return null;
            });
            assertThat(pods.server()).isPresent();
            assertThat(pods.ipam()).isPresent();
            assertThat(opened).hasValue(2);
            assertThat(socket).exists();
            assertThat(target).hasSameTextualContentAs(source);
            assertThat(Files.list(target.getParent()).map(p -> p.getFileName().toString()).toList())
                    .containsExactly("10-weft.conflist"); // no temporary file left
            pods.close();
            assertThat(target).doesNotExist();
            assertThat(socket).doesNotExist();
        } finally {
            ip("netns", "del", ns);
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
}
