package dev.weft.bgp.wire;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A fuzzer that runs in every build: valid messages of every type with random octets
 * overwritten, inserted, dropped or the tail cut, plus pure garbage, all through
 * {@link DecoderInvariants} (typed errors only, re-encodable results, no leaks). Complements the
 * coverage-guided Jazzer target {@link BgpDecoderFuzzTest}.
 */
class DecoderMutationProperties {

    record Mutation(int kind, int position, int value) {}

    static byte[] mutate(byte[] b, List<Mutation> mutations) {
        byte[] out = b;
        for (Mutation m : mutations) {
            if (out.length == 0) {
                break;
            }
            int at = Math.floorMod(m.position(), out.length);
            switch (m.kind()) {
                case 0 -> out[at] = (byte) m.value();
                case 1 -> {
                    byte[] n = new byte[out.length + 1];
                    System.arraycopy(out, 0, n, 0, at);
                    n[at] = (byte) m.value();
                    System.arraycopy(out, at, n, at + 1, out.length - at);
                    out = n;
                }
                case 2 -> {
                    byte[] n = new byte[out.length - 1];
                    System.arraycopy(out, 0, n, 0, at);
                    System.arraycopy(out, at + 1, n, at, out.length - at - 1);
                    out = n;
                }
                default -> out = java.util.Arrays.copyOf(out, at);
            }
        }
        return out;
    }

    /** Mutations that keep the header's length field right, so the body parsers get the damage. */
    @Property(tries = 3000)
    void mutatedBodiesKeepTheInvariants(@ForAll("messages") BgpMessage m, @ForAll("mutations") List<Mutation> mutations,
            @ForAll("selectors") int selector) {
        byte[] encoded = Wire.encode(m, DecoderInvariants.options(selector));
        byte[] body = mutate(java.util.Arrays.copyOfRange(encoded, 19, encoded.length), mutations);
        byte[] input = new byte[2 + body.length];
        input[0] = (byte) (selector | 0x10);
        input[1] = (byte) (encoded[18] - 1);
        System.arraycopy(body, 0, input, 2, body.length);
        DecoderInvariants.check(input);
    }

    /** Mutations anywhere, header included, fed as a raw stream. */
    @Property(tries = 1000)
    void mutatedStreamsKeepTheInvariants(@ForAll("messages") BgpMessage m, @ForAll("mutations") List<Mutation> mutations,
            @ForAll("selectors") int selector) {
        byte[] encoded = mutate(Wire.encode(m, DecoderInvariants.options(selector)), mutations);
        byte[] input = new byte[1 + encoded.length];
        input[0] = (byte) (selector & 0x0f);
        System.arraycopy(encoded, 0, input, 1, encoded.length);
        DecoderInvariants.check(input);
    }

    @Property(tries = 1000)
    void garbageKeepsTheInvariants(@ForAll("garbage") byte[] input) {
        DecoderInvariants.check(input);
    }

    @Provide
    Arbitrary<BgpMessage> messages() {
        return WireArbitraries.message();
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(), Arbitraries.integers().between(0, 255))
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Integer> selectors() {
        return Arbitraries.integers().between(0, 15).filter(s -> (s & 1) != 0);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }
}
