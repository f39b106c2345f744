package dev.weft.agent.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BGPPeer fields added for the CRDs, IPPool validation and Secret passwords (directory datastore). */
class ResourceParserTest {
    @TempDir
    Path dir;

    ClusterState read(String yaml) throws IOException {
        Files.writeString(dir.resolve("objects.yaml"), yaml);
        return DirectoryDatastore.read(dir);
    }

    static List<String> rejections(ClusterState s) {
        return s.rejections().stream().map(Rejection::toString).toList();
    }

    @Test
    void bgpPeerOptionalFieldsHaveDefaultsAndAreRead() throws IOException {
        ClusterState s = read("""
                kind: BGPPeer
                metadata: {name: plain}
                spec: {peerIP: 10.0.0.1, asNumber: 65000}
                ---
                kind: Secret
                metadata: {name: bgp, namespace: default}
                stringData: {tor: s3cret}
                ---
                kind: BGPPeer
                metadata: {name: full}
                spec:
                  peerIP: "[fd00::1]:1179"
                  asNumber: 65001
                  password: {secretKeyRef: {name: bgp, key: tor}}
                  gracefulRestart: true
                  restartTime: 2m
                  ebgpMultihop: 4
                  sourceAddress: fd00::10
                """);
        assertThat(s.rejections()).isEmpty();
        BgpPeerSpec plain = s.bgpPeers().get("plain");
        assertThat(plain.password()).isEmpty();
        assertThat(plain.gracefulRestart()).as("Graceful Restart is on unless turned off").isTrue();
        assertThat(plain.restartTimeSeconds()).isEqualTo(120);
        assertThat(plain.ebgpMultihop()).isEmpty();
        assertThat(plain.sourceAddress()).isEmpty();
        assertThat(plain).isEqualTo(new BgpPeerSpec("plain", plain.peerIp(), 179, 65000, plain.node(),
                plain.nodeSelector(), 90, 30));
        BgpPeerSpec full = s.bgpPeers().get("full");
        assertThat(full.peerPort()).isEqualTo(1179);
        assertThat(full.password()).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo("s3cret"));
        assertThat(full.toString()).doesNotContain("s3cret");
        assertThat(full.restartTimeSeconds()).isEqualTo(120);
        assertThat(full.ebgpMultihop()).contains(4);
        assertThat(full.sourceAddress().map(a -> a.getHostAddress())).contains("fd00:0:0:0:0:0:0:10");
        assertThat(s.resources("Secret")).isEmpty();
    }

    @Test
    void nonsenseInTheNewFieldsIsRejectedPerObject() throws IOException {
        ClusterState s = read("""
                kind: BGPPeer
                metadata: {name: ttl-zero}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, ebgpMultihop: 0}
                ---
                kind: BGPPeer
                metadata: {name: ttl-big}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, ebgpMultihop: 256}
                ---
                kind: BGPPeer
                metadata: {name: gr-text}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, gracefulRestart: "yes"}
                ---
                kind: BGPPeer
                metadata: {name: restart-long}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, restartTime: 2h}
                ---
                kind: BGPPeer
                metadata: {name: bad-source}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, sourceAddress: eth0}
                ---
                kind: BGPPeer
                metadata: {name: no-secret}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, password: {secretKeyRef: {name: gone, key: k}}}
                ---
                kind: Secret
                metadata: {name: bgp}
                data: {k: "!!notbase64"}
                ---
                kind: BGPPeer
                metadata: {name: bad-secret}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, password: {secretKeyRef: {name: bgp, key: k}}}
                ---
                kind: BGPPeer
                metadata: {name: missing-key}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, password: {secretKeyRef: {name: bgp, key: other}}}
                ---
                kind: BGPPeer
                metadata: {name: ok}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, holdTime: 0, keepaliveTime: 0}
                """);
        assertThat(s.bgpPeers()).containsOnlyKeys("ok");
        assertThat(s.bgpPeers().get("ok").keepaliveSeconds()).isZero();
        assertThat(rejections(s))
                .anySatisfy(r -> assertThat(r).contains("ttl-zero").contains("spec.ebgpMultihop 0 out of range 1-255"))
                .anySatisfy(r -> assertThat(r).contains("ttl-big").contains("spec.ebgpMultihop 256"))
                .anySatisfy(r -> assertThat(r).contains("gr-text").contains("spec.gracefulRestart must be true or false"))
                .anySatisfy(r -> assertThat(r).contains("restart-long").contains("must be 1-4095 seconds"))
                .anySatisfy(r -> assertThat(r).contains("bad-source").contains("spec.sourceAddress"))
                .anySatisfy(r -> assertThat(r).contains("no-secret").contains("Secret 'gone' not found"))
                .anySatisfy(r -> assertThat(r).contains("bad-secret").contains("is not base64"))
                .anySatisfy(r -> assertThat(r).contains("missing-key").contains("has no key 'other'"));
        assertThat(s.rejections()).hasSize(8);
    }

    @Test
    void ipPoolsAreValidated() throws IOException {
        ClusterState s = read("""
                kind: IPPool
                metadata: {name: v4}
                spec: {cidr: 10.244.0.0/16, blockSize: 26, nodeSelector: {matchLabels: {rack: a}}, disabled: false}
                ---
                kind: IPPool
                metadata: {name: v6}
                spec: {cidr: "fd00:10:244::/48", blockSize: 122}
                ---
                kind: IPPool
                metadata: {name: no-cidr}
                spec: {blockSize: 26}
                ---
                kind: IPPool
                metadata: {name: host-bits}
                spec: {cidr: 10.244.0.1/16}
                ---
                kind: IPPool
                metadata: {name: block-long}
                spec: {cidr: 10.245.0.0/16, blockSize: 33}
                ---
                kind: IPPool
                metadata: {name: block-text}
                spec: {cidr: 10.246.0.0/16, blockSize: big}
                ---
                kind: IPPool
                metadata: {name: bad-selector}
                spec: {cidr: 10.247.0.0/16, nodeSelector: {matchExpressions: [{key: a, operator: Equals}]}}
                ---
                kind: IPPool
                metadata: {name: disabled-text}
                spec: {cidr: 10.248.0.0/16, disabled: "no"}
                """);
        assertThat(s.resources("IPPool")).containsOnlyKeys("v4", "v6");
        assertThat(rejections(s))
                .anySatisfy(r -> assertThat(r).contains("no-cidr").contains("spec.cidr is required"))
                .anySatisfy(r -> assertThat(r).contains("host-bits").contains("host bits"))
                .anySatisfy(r -> assertThat(r).contains("block-long").contains("spec.blockSize 33 out of range 16-32"))
                .anySatisfy(r -> assertThat(r).contains("block-text").contains("spec.blockSize must be an integer"))
                .anySatisfy(r -> assertThat(r).contains("bad-selector").contains("unknown operator"))
                .anySatisfy(r -> assertThat(r).contains("disabled-text").contains("spec.disabled must be true or false"));
        assertThat(s.rejections()).hasSize(6);
    }
}
