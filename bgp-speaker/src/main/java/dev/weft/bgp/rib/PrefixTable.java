package dev.weft.bgp.rib;

import dev.weft.bgp.wire.Ipv4Prefixes;
import dev.weft.common.net.IpPrefix;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A map from prefix to value for one address family, with compact keys: IPv4 prefixes are
 * encoded into a {@code long} ({@code address << 8 | length}) in a primitive open-addressing map
 * ({@link LongTable}), so a million entries hold no {@link IpPrefix} or
 * {@code InetAddress} objects; IPv6 prefixes use a plain hash map. Not thread-safe.
 *
 * @param <V> value type
 */
abstract class PrefixTable<V> {

    /** A table for IPv4 ({@code ipv4}) or IPv6 prefixes. */
    static <V> PrefixTable<V> create(boolean ipv4) {
        return ipv4 ? new Ipv4<>() : new Generic<>();
    }

    abstract V get(IpPrefix p);

    abstract V put(IpPrefix p, V value);

    abstract V remove(IpPrefix p);

    abstract int size();

    /** The value for a compact IPv4 key ({@link #ipv4Key}); IPv4 tables only. */
    V getKey(long key) {
        throw new UnsupportedOperationException("compact keys are IPv4 only");
    }

    /** Puts by compact IPv4 key; IPv4 tables only. */
    V putKey(long key, V value) {
        throw new UnsupportedOperationException("compact keys are IPv4 only");
    }

    /** {@link LongTable#touch} by compact IPv4 key; IPv4 tables only. */
    long touchKey(long key) {
        throw new UnsupportedOperationException("compact keys are IPv4 only");
    }

    /** Removes by compact IPv4 key; IPv4 tables only. */
    V removeKey(long key) {
        throw new UnsupportedOperationException("compact keys are IPv4 only");
    }

    /** Calls {@code action} for every entry; the table must not change meanwhile. */
    abstract void forEach(BiConsumer<IpPrefix, ? super V> action);

    /** A snapshot of the keys. */
    final List<IpPrefix> keys() {
        List<IpPrefix> out = new ArrayList<>(size());
        forEach((p, v) -> out.add(p));
        return out;
    }

    /** The compact key of an IPv4 prefix: 32 address bits then 8 length bits (ascending = address order). */
    static long ipv4Key(IpPrefix p) {
        // Inet4Address.hashCode() is its 32-bit address (network byte order); unlike toInt it
        // allocates no byte[] copy, and this runs several times per prefix on the ingest path
        Inet4Address a = (Inet4Address) p.address();
        return (a.hashCode() & 0xffffffffL) << 8 | p.length();
    }

    /** The prefix of a compact IPv4 key. */
    static IpPrefix ipv4Prefix(long key) {
        return Ipv4Prefixes.prefix(key);
    }

    private static final class Ipv4<V> extends PrefixTable<V> {
        private final LongTable<V> map = new LongTable<>();

        @Override
        V get(IpPrefix p) {
            return map.get(ipv4Key(p));
        }

        @Override
        V put(IpPrefix p, V value) {
            return map.put(ipv4Key(p), value);
        }

        @Override
        V remove(IpPrefix p) {
            return map.remove(ipv4Key(p));
        }

        @Override
        V getKey(long key) {
            return map.get(key);
        }

        @Override
        V putKey(long key, V value) {
            return map.put(key, value);
        }

        @Override
        V removeKey(long key) {
            return map.remove(key);
        }

        @Override
        long touchKey(long key) {
            return map.touch(key);
        }

        @Override
        int size() {
            return map.size();
        }

        @Override
        void forEach(BiConsumer<IpPrefix, ? super V> action) {
            map.forEach((k, v) -> action.accept(ipv4Prefix(k), v));
        }
    }

    private static final class Generic<V> extends PrefixTable<V> {
        private final Map<IpPrefix, V> map = new HashMap<>();

        @Override
        V get(IpPrefix p) {
            return map.get(p);
        }

        @Override
        V put(IpPrefix p, V value) {
            return map.put(p, value);
        }

        @Override
        V remove(IpPrefix p) {
            return map.remove(p);
        }

        @Override
        int size() {
            return map.size();
        }

        @Override
        void forEach(BiConsumer<IpPrefix, ? super V> action) {
            map.forEach(action);
        }
    }
}
