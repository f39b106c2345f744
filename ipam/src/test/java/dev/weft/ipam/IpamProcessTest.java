package dev.weft.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IPAM used by separate JVM processes at once, and killed with SIGKILL mid-operation. */
class IpamProcessTest {
    @TempDir
    Path dir;

    private Process child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), IpamChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void concurrentProcessesNeverShareAnAddress() throws Exception {
        int processes = 8;
        int each = 25;
        List<Process> ps = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            ps.add(child("alloc", dir.toString(), "10.1.0.0/24", Integer.toString(each), "p" + p));
        }
        Map<String, String> addressToContainer = new HashMap<>();
        for (Process p : ps) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String[] f = line.split(" ");
                    String previous = addressToContainer.put(f[1], f[0]);
                    assertThat(previous).as("address %s handed to %s and %s", f[1], previous, f[0]).isNull();
                }
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        assertThat(addressToContainer).hasSize(processes * each);
        List<Lease> leases = Ipam.open(dir, List.of(dev.weft.common.net.IpPrefix.parse("10.1.0.0/24"))).leases();
        assertThat(leases).hasSize(processes * each);
        for (Lease l : leases) {
            assertThat(addressToContainer.get(l.address().getHostAddress())).isEqualTo(l.owner().containerId());
        }
    }

    @Test
    void killDashNineAtRandomMomentsLeavesAConsistentStore() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 8; round++) {
            Process p = child("churn", dir.toString(), "10.2.0.0/24", "r" + round);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(r.readLine()).isEqualTo("ready");
                Thread.sleep(50 + random.nextInt(250));
                p.destroyForcibly(); // SIGKILL
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertConsistent();
        }
        // the store stays usable and cleans up what the killed writers left
        Ipam ipam = Ipam.open(dir, List.of(dev.weft.common.net.IpPrefix.parse("10.2.0.0/24")));
        int before = ipam.leases().size();
        ipam.allocate(LeaseOwner.of("after", "eth0"));
        assertThat(ipam.leases()).hasSize(before + 1);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".tmp-"))).isEmpty();
        }
    }

    /** Every lease file is complete; no attachment holds two addresses; at most 9 per killed writer. */
    private void assertConsistent() throws Exception {
        Set<String> owners = new HashSet<>();
        Map<String, Integer> perRound = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || name.startsWith("last_reserved") || name.equals("lock")) {
                    continue;
                }
                String text = Files.readString(f);
                var lease = LeaseStore.parse(text, IpAddresses.parse(name));
                assertThat(lease).as("lease file %s is complete: %s", name, text).isPresent();
                String owner = lease.get().owner().containerId() + "/" + lease.get().owner().ifName();
                assertThat(owners.add(owner)).as("attachment %s holds two addresses", owner).isTrue();
                perRound.merge(owner.substring(0, owner.indexOf('-')), 1, Integer::sum);
            }
        }
        assertThat(perRound.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(9));
    }
}
