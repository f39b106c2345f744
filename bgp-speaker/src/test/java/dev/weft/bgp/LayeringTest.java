package dev.weft.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Package layering (DESIGN.md): each package imports only the packages below it. */
class LayeringTest {
    static final Path SRC = Path.of("src/main/java/dev/weft/bgp");

    /** Package → the dev.weft.bgp packages it must not import. */
    static final Map<String, List<String>> FORBIDDEN = Map.of(
            "wire", List.of("transport", "fsm", "session", "rib", "policy", "server"),
            "transport", List.of("fsm", "session", "rib", "policy", "server"),
            "fsm", List.of("transport", "session", "rib", "policy", "server"),
            "session", List.of("rib", "policy", "server"),
            // the RIB knows policies only through its RoutePolicy interface
            "rib", List.of("transport", "fsm", "session", "policy", "server"),
            // policy: pure functions over rib.Path and wire attributes, no I/O or sessions
            "policy", List.of("transport", "fsm", "session", "server"));

    @Test
    void packagesImportOnlyWhatIsBelowThem() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : FORBIDDEN.entrySet()) {
            try (Stream<Path> files = Files.list(SRC.resolve(e.getKey()))) {
                for (Path f : files.toList()) {
                    for (String line : Files.readAllLines(f)) {
                        for (String other : e.getValue()) {
                            if (line.startsWith("import dev.weft.bgp." + other + ".")) {
                                violations.add(f.getFileName() + ": " + line);
                            }
                        }
                        if ((e.getKey().equals("rib") || e.getKey().equals("policy"))
                                && line.startsWith("import io.netty.")) {
                            violations.add(f.getFileName() + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPackageHasAPackageInfo() {
        for (String p : List.of("wire", "transport", "fsm", "session", "rib", "policy", "server")) {
            assertThat(SRC.resolve(p).resolve("package-info.java")).exists();
        }
    }
}
