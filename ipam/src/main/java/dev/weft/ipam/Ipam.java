package dev.weft.ipam;

import dev.weft.common.net.IpPrefix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Host-local IPAM for one node: leases addresses of the node's Pod CIDRs to CNI attachments,
 * persisted in a directory (see the package documentation for layout, locking and crash
 * safety). Safe to use from many threads and many processes on the same directory at once.
 *
 * <p>Example: {@code Ipam.open(Path.of("/var/lib/weft/ipam"), List.of(IpPrefix.parse("10.244.1.0/24")))
 * .allocate(new LeaseOwner(cid, "eth0", "x", "a"))} → {@code 10.244.1.2}.
 */
public final class Ipam {
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final List<IpPrefix> podCidrs;
    /** Range sets by family (4, 6), in CIDR order; IPv4 first. */
    private final Map<Integer, List<AddressRange>> rangeSets = new LinkedHashMap<>();
    private final LeaseStore store;
    private final ReentrantLock jvmLock;

    private Ipam(Path dir, List<IpPrefix> podCidrs, boolean reserveFirstHost) {
        this.dir = dir;
        this.podCidrs = List.copyOf(podCidrs);
        List<IpPrefix> sorted = new ArrayList<>(podCidrs);
        sorted.sort(Comparator.comparing(IpPrefix::isIpv6)); // stable: keeps CIDR order per family
        for (IpPrefix c : sorted) {
            rangeSets.computeIfAbsent(c.isIpv4() ? 4 : 6, k -> new ArrayList<>()).add(AddressRange.of(c, reserveFirstHost));
        }
        this.store = new LeaseStore(dir);
        this.jvmLock = JVM_LOCKS.computeIfAbsent(dir, k -> new ReentrantLock());
    }

    /** {@link #open(Path, List, boolean)} with the first host address reserved (host-local's default). */
    public static Ipam open(Path dir, List<IpPrefix> podCidrs) {
        return open(dir, podCidrs, true);
    }

    /**
     * Opens (creating if needed) the lease store in {@code dir} for the given Pod CIDRs.
     *
     * @param dir the store directory, e.g. {@code /var/lib/weft/ipam}; created with parents
     * @param podCidrs the node's Pod CIDRs ({@code Node.spec.podCIDRs}), at least one; CIDRs
     *     must not overlap
     * @param reserveFirstHost keep the first host address ({@code .1}) out of allocation
     * @throws IllegalArgumentException if {@code podCidrs} is empty or overlapping
     * @throws IpamException if the directory cannot be created
     */
    public static Ipam open(Path dir, List<IpPrefix> podCidrs, boolean reserveFirstHost) {
        Objects.requireNonNull(dir, "dir");
        if (podCidrs.isEmpty()) {
            throw new IllegalArgumentException("no Pod CIDRs");
        }
        for (int i = 0; i < podCidrs.size(); i++) {
            for (int j = i + 1; j < podCidrs.size(); j++) {
                IpPrefix a = podCidrs.get(i);
                IpPrefix b = podCidrs.get(j);
                if (a.isIpv4() == b.isIpv4() && (a.contains(b) || b.contains(a))) {
                    throw new IllegalArgumentException("overlapping Pod CIDRs " + a + " and " + b);
                }
            }
        }
        try {
            Files.createDirectories(dir);
            return new Ipam(dir.toRealPath(), podCidrs, reserveFirstHost);
        } catch (IOException e) {
            throw new IpamException("cannot open IPAM store " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The Pod CIDRs this instance allocates from, as given. */
    public List<IpPrefix> podCidrs() {
        return podCidrs;
    }

    /** The store directory. */
    public Path directory() {
        return dir;
    }

    /**
     * Leases one address per family of the Pod CIDRs to {@code owner}; if the owner's attachment
     * (container ID + interface name) already holds leases, returns them ({@code existing=true})
     * after completing any family it lacks.
     *
     * @throws IpamExhaustedException if a family has no free address (nothing is kept)
     * @throws IpamException on I/O failure (nothing is kept)
     */
    public Allocation allocate(LeaseOwner owner) {
        Objects.requireNonNull(owner, "owner");
        return locked(() -> {
            Map<InetAddress, Optional<Lease>> all = store.readAll();
            List<Lease> mine = ownedBy(all, owner.containerId(), owner.ifName());
            Set<InetAddress> taken = new HashSet<>(all.keySet());
            Set<Integer> have = new HashSet<>();
            mine.forEach(l -> have.add(family(l.address())));
            List<Lease> created = new ArrayList<>();
            try {
                for (Map.Entry<Integer, List<AddressRange>> e : rangeSets.entrySet()) {
                    if (!have.contains(e.getKey())) {
                        Lease l = allocateIn(e.getKey(), e.getValue(), taken, owner);
                        created.add(l);
                    }
                }
            } catch (IOException | RuntimeException ex) {
                for (Lease l : created) {
                    store.delete(l.address());
                }
                throw ex;
            }
            List<Lease> result = new ArrayList<>(mine);
            result.addAll(created);
            result.sort(Comparator.comparing(l -> family(l.address())));
            return new Allocation(result, !mine.isEmpty());
        });
    }

    private Lease allocateIn(int family, List<AddressRange> ranges, Set<InetAddress> taken, LeaseOwner owner)
            throws IOException {
        // Next-fit: start right after the last reserved address if it is in one of our ranges.
        int startRange = 0;
        BigInteger start = ranges.get(0).first;
        Optional<InetAddress> last = store.lastReserved(family);
        if (last.isPresent()) {
            BigInteger lv = AddressRange.toBig(last.get());
            for (int i = 0; i < ranges.size(); i++) {
                if (ranges.get(i).contains(lv)) {
                    startRange = i;
                    start = lv.add(BigInteger.ONE);
                    break;
                }
            }
        }
        // Visit every address of every range once, wrapping around, beginning at start: the
        // start range from start, the other ranges whole, then the start range's head.
        int n = ranges.size();
        for (int step = 0; step <= n; step++) {
            AddressRange r = ranges.get((startRange + step) % n);
            BigInteger from = step == 0 ? start : r.first;
            BigInteger to = step == n ? start.subtract(BigInteger.ONE) : r.last;
            for (BigInteger v = from; v.compareTo(to) <= 0; v = v.add(BigInteger.ONE)) {
                InetAddress a = r.toAddress(v);
                if (!taken.contains(a)) {
                    Lease lease = new Lease(a, r.cidr, owner);
                    store.write(lease);
                    taken.add(a);
                    store.setLastReserved(a);
                    return lease;
                }
            }
        }
        List<IpPrefix> cidrs = ranges.stream().map(r -> r.cidr).toList();
        throw new IpamExhaustedException("no free IPv" + family + " address in " + cidrs
                + " (" + countIn(taken, ranges) + " leased)");
    }

    private static long countIn(Set<InetAddress> taken, List<AddressRange> ranges) {
        return taken.stream().filter(a -> ranges.stream().anyMatch(r -> r.cidr.contains(a))).count();
    }

    /**
     * Releases the leases of attachment {@code (containerId, ifName)}.
     *
     * @return the released leases; empty if there were none (not an error: CNI DEL is idempotent)
     */
    public List<Lease> release(String containerId, String ifName) {
        return locked(() -> {
            List<Lease> mine = ownedBy(store.readAll(), containerId, ifName);
            for (Lease l : mine) {
                store.delete(l.address());
            }
            return mine;
        });
    }

    /** The leases of attachment {@code (containerId, ifName)}, IPv4 first; empty if none. */
    public List<Lease> find(String containerId, String ifName) {
        return locked(() -> ownedBy(store.readAll(), containerId, ifName));
    }

    /** All readable leases, ordered by address (for GC and diagnostics). */
    public List<Lease> leases() {
        return locked(() -> {
            List<Lease> out = new ArrayList<>();
            store.readAll().values().forEach(o -> o.ifPresent(out::add));
            out.sort(Comparator.comparing(Lease::hostPrefix));
            return out;
        });
    }

    /** Number of addresses still free in the family with the fewest free ones (for CNI STATUS). */
    public BigInteger freeAddresses() {
        return locked(() -> {
            Set<InetAddress> taken = store.readAll().keySet();
            BigInteger min = null;
            for (List<AddressRange> ranges : rangeSets.values()) {
                BigInteger size = ranges.stream().map(AddressRange::size).reduce(BigInteger.ZERO, BigInteger::add);
                BigInteger free = size.subtract(BigInteger.valueOf(countIn(taken, ranges)));
                min = min == null || free.compareTo(min) < 0 ? free : min;
            }
            return min.max(BigInteger.ZERO);
        });
    }

    private static List<Lease> ownedBy(Map<InetAddress, Optional<Lease>> all, String containerId, String ifName) {
        List<Lease> out = new ArrayList<>();
        for (Optional<Lease> o : all.values()) {
            o.filter(l -> l.owner().is(containerId, ifName)).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Lease::hostPrefix));
        return out;
    }

    private static int family(InetAddress a) {
        return a.getAddress().length == 4 ? 4 : 6;
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    private <T> T locked(IoAction<T> action) {
        jvmLock.lock();
        try (FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            store.begin(ch);
            return action.run();
        } catch (IOException | UncheckedIOException e) {
            throw new IpamException("IPAM store " + dir + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }
}
