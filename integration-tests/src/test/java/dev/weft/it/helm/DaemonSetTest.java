package dev.weft.it.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent DaemonSet as rendered with the chart's defaults (and, where stated, other value sets). */
class DaemonSetTest {
    private static DaemonSet ds;
    private static PodSpec pod;
    private static Container agent;
    private static Container installCni;

    @BeforeAll
    static void render() {
        ds = ValueSets.DEFAULTS.render().single(DaemonSet.class);
        pod = ds.getSpec().getTemplate().getSpec();
        agent = container(pod, "weft-agent");
        installCni = pod.getInitContainers().stream().filter(c -> c.getName().equals("install-cni")).findFirst().orElseThrow();
    }

    static Container container(PodSpec spec, String name) {
        return spec.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void runsInTheHostNetworkAsANodeCriticalPodOnEveryNode() {
        assertThat(ds.getMetadata().getNamespace()).isEqualTo(ValueSets.NAMESPACE);
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
        assertThat(pod.getHostPID()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("weft");
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
        // Tolerates every taint: a single toleration with operator Exists and no key or effect.
        assertThat(pod.getTolerations()).hasSize(1);
        Toleration t = pod.getTolerations().get(0);
        assertThat(t.getOperator()).isEqualTo("Exists");
        assertThat(t.getKey()).isNull();
        assertThat(t.getEffect()).isNull();
    }

    @Test
    void rollsOneNodeAtATime() {
        assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(ds.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "weft", "app.kubernetes.io/instance", "weft",
                        "app.kubernetes.io/component", "agent"));
        assertThat(ds.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(ds.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void agentUsesTheKubernetesDatastoreAndItsNodeNameFromTheDownwardApi() {
        assertThat(agent.getCommand()).containsExactly("weft-agent");
        assertThat(agent.getArgs()).contains("--datastore=kubernetes", "--health-listen=127.0.0.1:9099",
                "--policy-enforcement=true", "--shutdown-mode=graceful-restart", "--read-cni-conf=/etc/weft/cni/10-weft.conflist",
                "--write-cni-conf-when-ready=/host/etc/cni/net.d/10-weft.conflist");
        EnvVar nodeName = env(agent, "NODE_NAME").orElseThrow();
        assertThat(nodeName.getValue()).isNull();
        assertThat(nodeName.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        assertThat(env(agent, "POD_NAMESPACE").orElseThrow().getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(agent.getImage()).isEqualTo("weft/weft:0.1.0");
        assertThat(installCni.getImage()).isEqualTo(agent.getImage());
    }

    @Test
    void agentIsPrivilegedByDefault() {
        assertThat(agent.getSecurityContext().getPrivileged()).isTrue();
        assertThat(agent.getSecurityContext().getCapabilities()).isNull();
    }

    @Test
    void agentMountsTheHostPathsItNeeds() {
        Map<String, VolumeMount> mounts = agent.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
        assertHostPath(mounts.get("/run/xtables.lock"), "/run/xtables.lock", "FileOrCreate");
        assertHostPath(mounts.get("/lib/modules"), "/lib/modules", null);
        assertThat(mounts.get("/lib/modules").getReadOnly()).isTrue();
        assertHostPath(mounts.get("/var/run/weft"), "/var/run/weft", "DirectoryOrCreate");
        assertHostPath(mounts.get("/var/lib/weft"), "/var/lib/weft", "DirectoryOrCreate");
        assertHostPath(mounts.get("/host/etc/cni/net.d"), "/etc/cni/net.d", "DirectoryOrCreate");
        assertHostPath(mounts.get("/var/lib/cni"), "/var/lib/cni", "DirectoryOrCreate");
        assertHostPath(mounts.get("/var/run/netns"), "/var/run/netns", "DirectoryOrCreate");
        assertThat(mounts.get("/var/run/netns").getMountPropagation()).isEqualTo("HostToContainer");
        VolumeMount conf = mounts.get("/etc/weft/cni");
        assertThat(conf.getReadOnly()).isTrue();
        assertThat(volume(conf.getName()).getConfigMap().getName()).isEqualTo("weft-cni-config");
        // Writable host paths other than these would be a surprise on a node.
        assertThat(mounts.keySet()).containsExactlyInAnyOrder("/run/xtables.lock", "/lib/modules", "/var/run/weft",
                "/var/lib/weft", "/host/etc/cni/net.d", "/var/lib/cni", "/var/run/netns", "/etc/weft/cni");
    }

    @Test
    void installCniCopiesThePluginAndRuntimeIntoTheHostDirectories() {
        assertThat(installCni.getCommand()).containsExactly("/usr/lib/weft/bin/install-cni");
        Map<String, VolumeMount> mounts = installCni.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
        assertThat(mounts).containsOnlyKeys("/host/opt/cni/bin", "/opt/weft");
        assertHostPath(mounts.get("/host/opt/cni/bin"), "/opt/cni/bin", "DirectoryOrCreate");
        assertHostPath(mounts.get("/opt/weft"), "/opt/weft", "DirectoryOrCreate");
        assertThat(env(installCni, "WEFT_CNI_BIN_DIR").orElseThrow().getValue()).isEqualTo("/host/opt/cni/bin");
        assertThat(env(installCni, "WEFT_INSTALL_DIR").orElseThrow().getValue()).isEqualTo("/opt/weft");
        assertThat(installCni.getSecurityContext().getPrivileged()).isNull();
        assertThat(installCni.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(installCni.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    }

    @Test
    void everyVolumeIsMountedAndEveryMountHasAVolume() {
        Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        Set<String> mounted = new java.util.HashSet<>();
        pod.getContainers().forEach(c -> c.getVolumeMounts().forEach(m -> mounted.add(m.getName())));
        pod.getInitContainers().forEach(c -> c.getVolumeMounts().forEach(m -> mounted.add(m.getName())));
        assertThat(mounted).isEqualTo(volumes);
        assertThat(pod.getVolumes()).hasSize(volumes.size()); // no duplicate names
    }

    @Test
    void probesCallTheHealthEndpointsOnLoopback() {
        assertHttpProbe(agent.getStartupProbe(), "/livez", "127.0.0.1", 9099);
        assertHttpProbe(agent.getLivenessProbe(), "/livez", "127.0.0.1", 9099);
        assertHttpProbe(agent.getReadinessProbe(), "/readyz", "127.0.0.1", 9099);
        // Start-up may take minutes (first list of every informer); liveness takes over afterwards.
        Probe startup = agent.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(120);
    }

    static Object[][] probeHosts() {
        return new Object[][] {
            {ValueSets.POLICY_OFF_CUSTOM_PORT, "127.0.0.1", 9199},   // bound to 0.0.0.0
            {ValueSets.CAPABILITIES_NO_RBAC, "::1", 9099},          // bound to ::1
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probeHosts")
    void probesFollowTheHealthBindAddressAndPort(ValueSets values, String host, int port) {
        Container c = container(values.render().single(DaemonSet.class).getSpec().getTemplate().getSpec(), "weft-agent");
        assertHttpProbe(c.getStartupProbe(), "/livez", host, port);
        assertHttpProbe(c.getLivenessProbe(), "/livez", host, port);
        assertHttpProbe(c.getReadinessProbe(), "/readyz", host, port);
    }

    private static void assertHttpProbe(Probe p, String path, String host, int port) {
        assertThat(p).isNotNull();
        assertThat(p.getExec()).isNull();
        assertThat(p.getHttpGet().getPath()).isEqualTo(path);
        assertThat(p.getHttpGet().getHost()).isEqualTo(host);
        assertThat(p.getHttpGet().getPort().getIntVal()).isEqualTo(port);
        assertThat(p.getHttpGet().getScheme()).isEqualTo("HTTP");
        assertThat(p.getTimeoutSeconds()).isPositive();
    }

    private static void assertHostPath(VolumeMount m, String hostPath, String type) {
        assertThat(m).as("mount of host path %s", hostPath).isNotNull();
        Volume v = volume(m.getName());
        assertThat(v.getHostPath()).as("volume %s", v.getName()).isNotNull();
        assertThat(v.getHostPath().getPath()).isEqualTo(hostPath);
        assertThat(v.getHostPath().getType()).isEqualTo(type);
    }

    private static Volume volume(String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    static Optional<EnvVar> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }
}
