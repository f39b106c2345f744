package dev.weft.bgp.wire;

/**
 * One BGP Large Community (RFC 8092 §3): three unsigned 32-bit values, written
 * "globalAdmin:localData1:localData2" (RFC 8195 §2).
 *
 * <pre>
 * | Global Administrator (4) | Local Data Part 1 (4) | Local Data Part 2 (4) |
 * </pre>
 *
 * @param globalAdmin the AS number of the community's owner, 0–4294967295
 * @param localData1 operator-defined, 0–4294967295
 * @param localData2 operator-defined, 0–4294967295
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8092#section-3">RFC 8092 §3</a>
 */
public record LargeCommunity(long globalAdmin, long localData1, long localData2) {

    public LargeCommunity {
        check(globalAdmin);
        check(localData1);
        check(localData2);
    }

    /**
     * Parses "a:b:c" (three decimal unsigned 32-bit numbers).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static LargeCommunity parse(String text) {
        String[] p = text.trim().split(":", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("large community must be a:b:c: '" + text + "'");
        }
        try {
            return new LargeCommunity(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("large community must be a:b:c: '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return globalAdmin + ":" + localData1 + ":" + localData2;
    }

    private static void check(long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("large community part out of 32-bit range: " + v);
        }
    }
}
