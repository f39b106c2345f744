package dev.weft.ipam;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The on-disk lease files of one store directory. Callers hold the store lock; every write is
 * temp file + fsync + rename + fsync(dir).
 *
 * <pre>
 * lease file "10.244.1.7":           last_reserved_ip.4:
 *   weft-lease/1                       10.244.1.7
 *   containerId=&lt;CNI_CONTAINERID&gt;
 *   ifName=eth0
 *   podNamespace=x
 *   podName=a
 *   cidr=10.244.1.0/24
 * </pre>
 */
final class LeaseStore {
    static final String HEADER = "weft-lease/1";
    static final String TMP_PREFIX = ".tmp-";
    static final String LAST_RESERVED = "last_reserved_ip.";

    private final Path dir;
    /** The lock file's channel during the current locked operation. */
    private FileChannel lockChannel;
    /** Store generation read from the lock file at the start of the current operation. */
    private long generation;
    /** Lease files as of {@link #cacheGeneration}; null = unknown, rescan. */
    private Map<InetAddress, Optional<Lease>> cache;
    private long cacheGeneration = -1;

    LeaseStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts a locked operation: reads the store generation, a counter in the first 8 bytes of the
     * lock file that every writer increments <em>before</em> it changes a lease file. While the
     * generation equals the one this instance last saw, its in-memory copy of the lease files is
     * current and the directory need not be read again (with a few hundred leases the rescan
     * costs milliseconds per CNI call). A writer killed between the increment and its change only
     * causes one needless rescan elsewhere; a stale copy is impossible.
     */
    void begin(FileChannel lock) throws IOException {
        this.lockChannel = lock;
        ByteBuffer b = ByteBuffer.allocate(8);
        while (b.hasRemaining() && lock.read(b, b.position()) > 0) {
            // read up to 8 bytes
        }
        generation = b.position() == 8 ? b.getLong(0) : 0;
        if (generation != cacheGeneration) {
            cache = null;
        }
    }

    private void mutating() throws IOException {
        generation++;
        ByteBuffer b = ByteBuffer.allocate(8).putLong(0, generation);
        while (b.hasRemaining()) {
            lockChannel.write(b, b.position());
        }
        cacheGeneration = generation;
    }

    /** Deletes temp files a crashed writer left behind (safe: only lock holders create them). */
    void removeStaleTemps() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, TMP_PREFIX + "*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Reads all lease files. Files whose name is an address but whose content does not parse map
     * to an empty Optional: the address stays occupied, never handed out again silently.
     */
    Map<InetAddress, Optional<Lease>> readAll() throws IOException {
        if (cache == null) {
            removeStaleTemps();
            cache = scan();
            cacheGeneration = generation;
        }
        return new HashMap<>(cache);
    }

    private Map<InetAddress, Optional<Lease>> scan() throws IOException {
        Map<InetAddress, Optional<Lease>> out = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.startsWith(LAST_RESERVED) || name.equals("lock")) {
                    continue;
                }
                InetAddress addr;
                try {
                    addr = IpAddresses.parse(name);
                } catch (IllegalArgumentException e) {
                    continue; // not ours
                }
                out.put(addr, read(p, addr));
            }
        }
        return out;
    }

    private static Optional<Lease> read(Path p, InetAddress addr) throws IOException {
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return parse(text, addr);
    }

    static Optional<Lease> parse(String text, InetAddress addr) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(HEADER)) {
            return Optional.empty();
        }
        Map<String, String> kv = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                kv.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        try {
            LeaseOwner owner = new LeaseOwner(kv.get("containerId"), kv.get("ifName"),
                    kv.getOrDefault("podNamespace", ""), kv.getOrDefault("podName", ""));
            return Optional.of(new Lease(addr, IpPrefix.parse(kv.get("cidr")), owner));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String format(Lease lease) {
        LeaseOwner o = lease.owner();
        return HEADER + "\ncontainerId=" + o.containerId() + "\nifName=" + o.ifName()
                + "\npodNamespace=" + o.podNamespace() + "\npodName=" + o.podName()
                + "\ncidr=" + lease.cidr() + "\n";
    }

    /** Durable and atomic: temp + fsync + rename + fsync(dir). */
    void write(Lease lease) throws IOException {
        mutating();
        try {
            writeAtomically(fileName(lease.address()), format(lease), true);
        } catch (IOException | RuntimeException e) {
            cache = null;
            throw e;
        }
        if (cache != null) {
            cache.put(lease.address(), Optional.of(lease));
        }
    }

    /**
     * Atomic, not fsynced: a delete lost to a power failure resurrects the lease, which only
     * keeps an address out of use until GC; it can never cause a duplicate.
     */
    void delete(InetAddress address) throws IOException {
        mutating();
        try {
            Files.deleteIfExists(dir.resolve(fileName(address)));
        } catch (IOException | RuntimeException e) {
            cache = null;
            throw e;
        }
        if (cache != null) {
            cache.remove(address);
        }
    }

    Optional<InetAddress> lastReserved(int family) throws IOException {
        try {
            String s = Files.readString(dir.resolve(LAST_RESERVED + family), StandardCharsets.UTF_8).trim();
            return Optional.of(IpAddresses.parse(s));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // unreadable hint: start from the beginning
        }
    }

    void setLastReserved(InetAddress address) throws IOException {
        int family = address instanceof Inet4Address ? 4 : 6;
        writeAtomically(LAST_RESERVED + family, fileName(address) + "\n", false); // a hint: atomic, not durable
    }

    static String fileName(InetAddress a) {
        return a.getHostAddress();
    }

    private void writeAtomically(String name, String content, boolean durable) throws IOException {
        Path tmp = dir.resolve(TMP_PREFIX + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (durable) {
            syncDir();
        }
    }

    private void syncDir() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
