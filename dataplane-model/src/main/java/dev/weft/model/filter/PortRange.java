package dev.weft.model.filter;

/**
 * An inclusive range of layer-4 ports ({@code first == last} for a single port), as NetworkPolicy
 * {@code port}..{@code endPort}; iptables {@code --dport first[:last]}.
 *
 * @param first first port, 1–65535
 * @param last last port, {@code first}–65535
 */
public record PortRange(int first, int last) implements Comparable<PortRange> {
    public PortRange {
        if (first < 1 || first > 65535 || last < first || last > 65535) {
            throw new IllegalArgumentException("invalid port range " + first + "-" + last);
        }
    }

    /** A single port. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** True if {@code port} is in the range. */
    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public int compareTo(PortRange o) {
        return first != o.first ? Integer.compare(first, o.first) : Integer.compare(last, o.last);
    }

    /** {@code 80} or {@code 81:83} (iptables syntax). */
    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + ":" + last;
    }
}
