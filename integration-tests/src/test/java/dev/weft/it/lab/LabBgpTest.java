package dev.weft.it.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The issue-2 acceptance path with real daemons: two Weft agents in node namespaces peer over
 * eBGP with a ToR router (BIRD 2 or FRR) in its own namespace, announce their Pod CIDRs, learn
 * each other's, install them in the kernel with protocol weft, and withdraw them when an agent
 * stops.
 */
class LabBgpTest {
    /** The lab's BGP hold time (BGPPeer holdTime and the ToR's), seconds. */
    static final Duration HOLD_TIME = Duration.ofSeconds(9);
    static final Duration CONVERGE = Duration.ofSeconds(60);

    @ParameterizedTest(name = "ToR {0}")
    @ValueSource(strings = {"bird", "frr"})
    void podCidrsAreRoutedThroughTheTor(String tor) throws InterruptedException {
        try (Lab lab = new Lab("wlt" + tor.charAt(0) + "-")) {
            lab.lab("down");
            lab.labOk("up", "--no-build", "--tor", tor, "--nodes", "2");
            String torNs = lab.prefix + "tor";
            String n1 = lab.prefix + "node1";
            String n2 = lab.prefix + "node2";

            // The ToR's kernel has each node's Pod CIDR via that node.
            JsonNode torRoutes = Lab.await(CONVERGE, () -> lab.routes(torNs),
                    r -> Lab.route(r, "10.244.1.0/24") != null && Lab.route(r, "10.244.2.0/24") != null);
            assertThat(Lab.route(torRoutes, "10.244.1.0/24")).as(lab.logs()).isNotNull();
            assertThat(Lab.route(torRoutes, "10.244.1.0/24").path("gateway").asText()).isEqualTo("172.31.1.2");
            assertThat(Lab.route(torRoutes, "10.244.2.0/24").path("gateway").asText()).isEqualTo("172.31.2.2");

            // Each node learned the other's Pod CIDR, via the ToR, with protocol weft; nodes have no default route.
            for (String[] c : new String[][] {{n1, "10.244.2.0/24", "172.31.1.1"}, {n2, "10.244.1.0/24", "172.31.2.1"}}) {
                JsonNode routes = Lab.await(CONVERGE, () -> lab.routes(c[0]), r -> Lab.route(r, c[1]) != null);
                JsonNode r = Lab.route(routes, c[1]);
                assertThat(r).as("%s has a route to %s\n%s", c[0], c[1], lab.logs()).isNotNull();
                assertThat(r.path("gateway").asText()).isEqualTo(c[2]);
                assertThat(r.path("protocol").asText()).isIn("weft", "87");
                assertThat(Lab.route(routes, "default")).isNull();
                // A node never installs a route to its own Pod CIDR learned back from the fabric.
                assertThat(Lab.route(routes, c[0].equals(n1) ? "10.244.1.0/24" : "10.244.2.0/24")).isNull();
            }

            // Sessions are Established on both sides.
            JsonNode status = Lab.await(CONVERGE, lab::status, s -> established(s.path("tor").path("sessions")) == 2);
            assertThat(established(status.path("tor").path("sessions"))).isEqualTo(2);
            for (JsonNode node : status.path("nodes")) {
                assertThat(node.path("agent").path("peers")).hasSize(1);
                JsonNode peer = node.path("agent").path("peers").get(0);
                assertThat(peer.path("state").asText()).isEqualTo("Established");
                assertThat(peer.path("prefixesAdvertised").asInt()).isEqualTo(1);
                String other = node.path("name").asText().equals(n1) ? "10.244.2.0/24" : "10.244.1.0/24";
                assertThat(node.path("agent").path("learned")).extracting(l -> l.path("prefix").asText())
                        .containsExactly(other);
            }

            // Pods x/a..z/c, wired by the real weft CNI plugin on both nodes, reach each other natively routed.
            for (String proto : new String[] {"TCP", "UDP"}) {
                JsonNode probe = lab.probeJson(80, proto);
                assertThat(probe.path("pods")).hasSize(9);
                java.util.Set<String> nodes = new java.util.HashSet<>();
                probe.path("pods").forEach(p -> nodes.add(p.path("node").asText()));
                assertThat(nodes).containsExactlyInAnyOrder(n1, n2);
                assertThat(probe.path("reachability")).hasSize(81);
                java.util.List<String> unreachable = new java.util.ArrayList<>();
                probe.path("reachability").fields().forEachRemaining(e -> {
                    if (!e.getValue().asBoolean()) {
                        unreachable.add(e.getKey());
                    }
                });
                assertThat(unreachable).as("%s pairs not reachable\n%s", proto, lab.logs()).isEmpty();
            }

            // A clean stop of node2's agent: CEASE withdraws its route from the ToR and from node1
            // within the hold time, and node2's own kernel routes are removed.
            lab.labOk("agent", "stop", n2);
            JsonNode afterStop = Lab.await(HOLD_TIME, () -> lab.routes(torNs), r -> Lab.route(r, "10.244.2.0/24") == null);
            assertThat(Lab.route(afterStop, "10.244.2.0/24")).as("ToR withdrew 10.244.2.0/24").isNull();
            JsonNode n1Routes = Lab.await(HOLD_TIME, () -> lab.routes(n1), r -> Lab.route(r, "10.244.2.0/24") == null);
            assertThat(Lab.route(n1Routes, "10.244.2.0/24")).as("node1 removed 10.244.2.0/24").isNull();
            assertThat(Lab.route(lab.routes(n2), "10.244.1.0/24")).as("stopped agent removed its routes").isNull();

            // Started again, everything comes back.
            lab.labOk("agent", "start", n2);
            JsonNode back = Lab.await(CONVERGE, () -> lab.routes(n1), r -> Lab.route(r, "10.244.2.0/24") != null);
            assertThat(Lab.route(back, "10.244.2.0/24")).as(lab.logs()).isNotNull();
            JsonNode back2 = Lab.await(CONVERGE, () -> lab.routes(n2), r -> Lab.route(r, "10.244.1.0/24") != null);
            assertThat(Lab.route(back2, "10.244.1.0/24")).isNotNull();

            // A rolling update: node2's agent runs with --shutdown-mode graceful-restart; stopped,
            // it closes its sessions without NOTIFICATION, the ToR keeps 10.244.2.0/24 (stale,
            // RFC 4724) and node2 keeps its kernel routes; the next agent takes over without a gap.
            lab.labOk("agent", "stop", n2);
            lab.labOk(java.util.Map.of("WEFT_LAB_AGENT_ARGS", "--shutdown-mode graceful-restart"), "agent", "start", n2);
            assertThat(Lab.route(Lab.await(CONVERGE, () -> lab.routes(torNs), r -> Lab.route(r, "10.244.2.0/24") != null),
                    "10.244.2.0/24")).isNotNull();
            assertThat(Lab.route(Lab.await(CONVERGE, () -> lab.routes(n2), r -> Lab.route(r, "10.244.1.0/24") != null),
                    "10.244.1.0/24")).as("node2 installed its route before the restart\n%s", lab.logs()).isNotNull();
            lab.labOk("agent", "stop", n2);
            for (int i = 0; i < 6; i++) {
                assertThat(Lab.route(lab.routes(torNs), "10.244.2.0/24"))
                        .as("ToR keeps the restarting node's route (sample %d)\n%s", i, lab.logs()).isNotNull();
                assertThat(Lab.route(lab.routes(n2), "10.244.1.0/24"))
                        .as("node2 keeps its kernel routes while its agent restarts").isNotNull();
                Thread.sleep(500);
            }
            lab.labOk(java.util.Map.of("WEFT_LAB_AGENT_ARGS", "--shutdown-mode graceful-restart"), "agent", "start", n2);
            // the restart is over when node2 has advertised its route again (End-of-RIB goes with it):
            // a crash before that leaves the ToR only the stale route of the restart, which FRR
            // dropped when the session went down again before End-of-RIB (seen in CI)
            assertThat(agentAdvertising(Lab.await(CONVERGE, lab::status, st -> agentAdvertising(st, n2)), n2))
                    .as("restarted agent Established again and advertising\n%s", lab.logs()).isTrue();
            assertThat(Lab.route(lab.routes(torNs), "10.244.2.0/24")).as("route still there after the restart").isNotNull();
            assertThat(Lab.route(lab.routes(n2), "10.244.1.0/24")).isNotNull();

            // kill -9: Graceful Restart is on by default (BGPPeer.spec.gracefulRestart), so the ToR
            // keeps the crashed node's route (stale, RFC 4724 §4.2) past the hold time, and the
            // crashed node keeps its kernel routes: forwarding continues until an agent is back.
            lab.labOk("agent", "kill", n2);
            Thread.sleep(HOLD_TIME.plusSeconds(3).toMillis());
            assertThat(Lab.route(lab.routes(torNs), "10.244.2.0/24")).as("ToR keeps a crashed node's route (GR)\n%s",
                    lab.logs()).isNotNull();
            assertThat(Lab.route(lab.routes(n2), "10.244.1.0/24")).as("routes survive a crash").isNotNull();
            lab.labOk("agent", "start", n2);
            assertThat(agentEstablished(Lab.await(CONVERGE, lab::status, st -> agentEstablished(st, n2)), n2))
                    .as("agent back after the crash\n%s", lab.logs()).isTrue();
        }
    }

    /** True when {@code node}'s agent reports an Established peer in {@code weft-lab status --json}. */
    static boolean agentEstablished(JsonNode status, String node) {
        for (JsonNode n : status.path("nodes")) {
            if (n.path("name").asText().equals(node)) {
                for (JsonNode p : n.path("agent").path("peers")) {
                    if ("Established".equals(p.path("state").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** True when {@code node}'s agent has an Established peer to which it advertises a prefix. */
    static boolean agentAdvertising(JsonNode status, String node) {
        for (JsonNode n : status.path("nodes")) {
            if (n.path("name").asText().equals(node)) {
                for (JsonNode p : n.path("agent").path("peers")) {
                    if ("Established".equals(p.path("state").asText()) && p.path("prefixesAdvertised").asInt() > 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static int established(JsonNode sessions) {
        int n = 0;
        for (JsonNode s : sessions) {
            if ("Established".equals(s.path("state").asText())) {
                n++;
            }
        }
        return n;
    }
}
