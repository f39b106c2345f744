package dev.weft.it.helm;

import java.util.List;

/**
 * The value sets the chart tests render, besides the chart's defaults. Each is a values file as
 * an operator would write it.
 *
 * @param name short name used in test names
 * @param yaml the values file, or {@code null} for the chart's defaults
 */
record ValueSets(String name, String yaml) {
    static final String RELEASE = "weft";
    static final String NAMESPACE = "weft-system";

    static final ValueSets DEFAULTS = new ValueSets("defaults", null);

    /** BGP peers (selector, node, password Secret, timers, multihop, import filter, prefix limit) and IPv4/IPv6 pools; mesh on, ECMP 4. */
    static final ValueSets PEERS_AND_POOLS = new ValueSets("peers-and-pools", """
            bgp:
              asNumber: 65010
              nodeToNodeMesh: true
              maxPaths: 4
              peers:
                - name: tor-rack1
                  peerIP: 172.31.1.1
                  asNumber: 65000
                  nodeSelector:
                    matchLabels:
                      topology.kubernetes.io/zone: rack1
                  holdTime: 9s
                  keepaliveTime: 3s
                  password:
                    secretKeyRef:
                      name: bgp-secrets
                      key: tor-rack1
                  maxPrefixes: 10000
                  maxPrefixesRestartTime: 5m
                  importFilter:
                    - action: Reject
                      matchOperator: In
                      cidr: 10.96.0.0/12
                    - action: Accept
                      matchOperator: In
                      cidr: 10.0.0.0/8
                      prefixLength: {min: 16, max: 24}
                    - {action: Accept, matchOperator: Equal, cidr: "::/0"}
                - name: route-reflector
                  peerIP: "10.0.0.5:1179"
                  asNumber: 65010
                  node: node-a
                  ebgpMultihop: 2
                  gracefulRestart: true
                  sourceAddress: 10.0.0.10
            ipPools:
              - name: default-ipv4
                cidr: 10.244.0.0/16
                blockSize: 24
              - name: default-ipv6
                cidr: fd00:10:244::/56
                blockSize: 64
            """);

    /** Policy enforcement off, health/metrics on every address and another port, jumbo MTU. */
    static final ValueSets POLICY_OFF_CUSTOM_PORT = new ValueSets("policy-off-custom-port", """
            policy:
              enforcement: false
            health:
              bindAddress: 0.0.0.0
              port: 9199
            metrics:
              podAnnotations: true
            mtu: 9000
            """);

    /** Resources, node selector, extra args/env, own priority class, image by digest, one toleration. */
    static final ValueSets RESOURCES_SELECTOR_ARGS = new ValueSets("resources-selector-args", """
            image:
              repository: registry.example.org/net/weft
              digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
              pullPolicy: Always
            resources:
              requests:
                cpu: 500m
                memory: 512Mi
              limits:
                cpu: "2"
                memory: 2Gi
            nodeSelector:
              node-role.kubernetes.io/worker: "true"
            extraArgs:
              - --route-resync=30s
              - --startup-grace=120s
            extraEnv:
              - name: KUBERNETES_SERVICE_HOST
                value: 10.0.0.10
              - name: KUBERNETES_SERVICE_PORT
                value: "6443"
            priorityClassName: weft-critical
            updateStrategy:
              type: RollingUpdate
              rollingUpdate:
                maxUnavailable: 2
            tolerations:
              - key: dedicated
                operator: Equal
                value: network
                effect: NoSchedule
            """);

    /** Unprivileged with explicit capabilities, host PID, IPv6 loopback health, no RBAC/SA created. */
    static final ValueSets CAPABILITIES_NO_RBAC = new ValueSets("capabilities-no-rbac", """
            fullnameOverride: weft-net
            securityContext:
              privileged: false
            hostPID: true
            health:
              bindAddress: "::1"
            serviceAccount:
              create: false
              name: weft-existing
            rbac:
              create: false
            bgp:
              createConfiguration: false
            """);

    /** Every value set, defaults first. */
    static List<ValueSets> all() {
        return List.of(DEFAULTS, PEERS_AND_POOLS, POLICY_OFF_CUSTOM_PORT, RESOURCES_SELECTOR_ARGS, CAPABILITIES_NO_RBAC);
    }

    /** @return the chart rendered with this value set (fails on a helm error) */
    RenderedObjects render() {
        return RenderedObjects.parse(renderText());
    }

    /** @return {@code helm template} output for this value set (fails on a helm error) */
    String renderText() {
        Helm.Result r = Helm.get().template(RELEASE, NAMESPACE, yaml);
        return r.orThrow(List.of("template", "(" + name + ")"));
    }

    @Override
    public String toString() {
        return name;
    }
}
