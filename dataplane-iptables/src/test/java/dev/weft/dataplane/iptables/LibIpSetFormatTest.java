package dev.weft.dataplane.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.iptables.ipset.LibIpSet;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/** The printf subset used to turn libipset's variadic error callbacks into messages. */
class LibIpSetFormatTest {
    private static Pointer cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Pointer p = Memory.allocateDirect(Runtime.getSystemRuntime(), b.length + 1);
        p.put(0L, b, 0, b.length);
        p.putByte((long) b.length, (byte) 0);
        return p;
    }

    @Test
    void stringsAndNumbersAreSubstitutedInOrder() {
        assertThat(LibIpSet.format("Unknown argument: `%s'", cString("foo"), null)).isEqualTo("Unknown argument: `foo'");
        assertThat(LibIpSet.format("%s parameter is not allowed in command %s", cString("timeout"), cString("add")))
                .isEqualTo("timeout parameter is not allowed in command add");
        Pointer seven = Runtime.getSystemRuntime().getMemoryManager().newPointer(7L);
        assertThat(LibIpSet.format("options (%u) and %d%%", seven, seven)).isEqualTo("options (7) and 7%");
    }

    @Test
    void moreConversionsThanArgumentsAreLeftAsWritten() {
        assertThat(LibIpSet.format("%s %s %s", cString("a"), cString("b"))).isEqualTo("a b %s");
        assertThat(LibIpSet.format("%s", null, null)).isEqualTo("(null)");
        assertThat(LibIpSet.format("100%", null, null)).isEqualTo("100%");
    }
}
