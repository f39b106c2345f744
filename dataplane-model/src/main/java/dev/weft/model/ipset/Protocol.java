package dev.weft.model.ipset;

import java.util.Locale;
import java.util.Optional;

/**
 * The layer-4 protocols a Kubernetes NetworkPolicy can name ({@code networking.k8s.io/v1}
 * {@code NetworkPolicyPort.protocol}: TCP, UDP, SCTP). Used by rule matches
 * ({@code iptables -p}) and by {@code hash:ip,port} set members ({@code ipset add S 10.0.0.1,tcp:80}).
 */
public enum Protocol {
    TCP,
    UDP,
    SCTP;

    /** The lower-case name used by iptables {@code -p} and ipset members: {@code tcp}, {@code udp}, {@code sctp}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The protocol named exactly {@code TCP}, {@code UDP} or {@code SCTP} (the Kubernetes API is
     * case-sensitive), or empty for anything else.
     */
    public static Optional<Protocol> fromKubernetes(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Protocol p : values()) {
            if (p.name().equals(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
