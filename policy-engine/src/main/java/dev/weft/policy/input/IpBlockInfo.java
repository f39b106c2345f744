package dev.weft.policy.input;

import java.util.List;

/**
 * A peer's {@code ipBlock}.
 *
 * @param cidr raw CIDR text (host bits set are tolerated, as the API server does)
 * @param except raw CIDR texts, each a strict subset of {@code cidr}
 */
public record IpBlockInfo(String cidr, List<String> except) {
    public IpBlockInfo {
        except = except == null ? List.of() : List.copyOf(except);
    }
}
