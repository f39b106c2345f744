package dev.weft.it.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fail safe across an agent crash: while a deny policy is in force, {@code weft-agent} on the
 * node of the protected Pod is killed with -9 and restarted; a client probing continuously
 * (new TCP connections) must never get through, and allowed traffic keeps working.
 */
class LabPolicyRestartTest {
    static final String DENY_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-ingress, namespace: x}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """;

    @Test
    void killMinusNineAndRestartNeverOpensADeniedFlow() throws Exception {
        try (Lab lab = new Lab("wltr-")) {
            lab.lab("down");
            lab.labOk("up", "--no-build", "--nodes", "2");
            Path ds = lab.state.resolve("datastore");
            Files.writeString(ds.resolve(".np.tmp"), DENY_X);
            Files.move(ds.resolve(".np.tmp"), ds.resolve("networkpolicy-x-deny-ingress.yaml"));

            String xa = Files.readString(lab.state.resolve("pods/x_a/ip")).trim();
            String ya = Files.readString(lab.state.resolve("pods/y_a/ip")).trim();
            String xaNode = Files.readString(lab.state.resolve("pods/x_a/node")).trim();
            String client = lab.prefix + "y-b";
            boolean denied = Lab.await(Duration.ofSeconds(20), () -> !connects(client, xa), d -> d);
            assertThat(denied).as("deny policy in force before the restart\n%s", lab.logs()).isTrue();
            assertThat(connects(client, ya)).as("allowed flow y/b -> y/a").isTrue();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger probes = new AtomicInteger();
            AtomicInteger opened = new AtomicInteger();
            Thread prober = new Thread(() -> {
                while (!stop.get()) {
                    probes.incrementAndGet();
                    if (connects(client, xa)) {
                        opened.incrementAndGet();
                    }
                }
            });
            prober.start();
            try {
                Thread.sleep(1000);
                lab.labOk("agent", "kill", xaNode);
                Thread.sleep(1000);
                lab.labOk("agent", "start", xaNode);
                // Keep probing until the restarted agent has re-programmed its policy, and a bit after.
                Lab.await(Duration.ofSeconds(30), () -> lab.status().toString(), s -> s.contains("Established"));
                Thread.sleep(3000);
            } finally {
                stop.set(true);
                prober.join();
            }
            assertThat(probes.get()).as("probes made during the restart").isGreaterThan(5);
            assertThat(opened.get()).as("denied connections that got through during kill -9 + restart").isZero();
            assertThat(connects(client, ya)).as("allowed flow still works after the restart").isTrue();
            // The restarted agent still enforces: removing the policy opens the flow again.
            Files.delete(ds.resolve("networkpolicy-x-deny-ingress.yaml"));
            boolean open = Lab.await(Duration.ofSeconds(20), () -> connects(client, xa), o -> o);
            assertThat(open).as("policy deleted -> flow open\n%s", lab.logs()).isTrue();
        }
    }

    /** One new TCP connection from a Pod namespace, 0.5 s connect timeout; true if the server answered. */
    static boolean connects(String fromNetns, String ip) {
        Lab.Result r = Lab.sh("ip", "netns", "exec", fromNetns, "socat", "-T1", "-u",
                "TCP:" + ip + ":80,connect-timeout=0.5", "-");
        return r.exitCode() == 0 && r.stdout().trim().equals("ok");
    }

}
