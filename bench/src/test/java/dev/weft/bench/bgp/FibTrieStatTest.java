package dev.weft.bench.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing of /proc/net/fib_triestat (Linux net/ipv4/fib_trie.c). */
class FibTrieStatTest {
    /** As a namespace with policy rules prints it: local, main and a table 100 in separate tries. */
    private static final String THREE_TABLES = """
            Basic info: size of leaf: 48 bytes, size of tnode: 40 bytes.
            Local:
            \tAver depth:     2.42
            \tMax depth:      3
            \tLeaves:         7
            \tPrefixes:       8
            \tInternal nodes: 5
            \t  1: 1  2: 3  3: 1
            \tPointers: 22
            Null ptrs: 11
            Total size: 2  kB
            Main:
            \tAver depth:     2.00
            \tMax depth:      3
            \tLeaves:         1000006
            \tPrefixes:       1000006
            \tInternal nodes: 5
            \t  1: 1  2: 3  3: 1
            \tPointers: 22
            Null ptrs: 11
            Total size: 2  kB
            Id 100:
            \tAver depth:     1.00
            \tMax depth:      1
            \tLeaves:         3
            \tPrefixes:       3
            \tInternal nodes: 1
            \t  1: 1
            \tPointers: 4
            Null ptrs: 1
            Total size: 1  kB
            """;

    @Test
    void prefixesOfEachTableComeFromItsOwnSection() {
        assertThat(FibTrieStat.prefixes(THREE_TABLES, FibTrieStat.LOCAL)).isEqualTo(8);
        assertThat(FibTrieStat.prefixes(THREE_TABLES, FibTrieStat.MAIN)).isEqualTo(1_000_006);
        assertThat(FibTrieStat.prefixes(THREE_TABLES, 100)).isEqualTo(3);
    }

    @Test
    void aTableWithoutSectionIsMinusOne() {
        assertThat(FibTrieStat.prefixes(THREE_TABLES, 101)).isEqualTo(-1);
        assertThat(FibTrieStat.prefixes("", FibTrieStat.MAIN)).isEqualTo(-1);
        // "Id 10:" must not match "Id 100:"
        assertThat(FibTrieStat.prefixes(THREE_TABLES, 10)).isEqualTo(-1);
    }

    @Test
    void aSectionWithoutAPrefixesLineOrWithAGarbledOneIsAnError() {
        String noLine = "Main:\n\tLeaves:         3\nId 100:\n\tPrefixes:       3\n";
        assertThatThrownBy(() -> FibTrieStat.prefixes(noLine, FibTrieStat.MAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Main: has no Prefixes line");
        assertThatThrownBy(() -> FibTrieStat.prefixes("Main:\n\tLeaves: 3\n", FibTrieStat.MAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Prefixes line");
        assertThatThrownBy(() -> FibTrieStat.prefixes("Main:\n\tPrefixes:  12x\n", FibTrieStat.MAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'12x' is not a number");
    }

    @Test
    void theRunningKernelsFileOfThisProcessParses() throws Exception {
        // this process's namespace has at least its loopback routes in the local table
        assertThat(FibTrieStat.read(ProcessHandle.current().pid(), FibTrieStat.LOCAL)).isPositive();
    }
}
