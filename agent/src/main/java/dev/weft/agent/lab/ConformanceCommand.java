package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code weft-lab conformance DIR [--case NAME]... [--json] [--pods-created-only] [--settle-ms MS]
 * [--parallel N] [-v]}:
 * runs every case of DIR ({@link CaseLoader}) through {@link ConformanceRunner}. Prints one line per
 * case as it finishes ({@link CaseResult#line()}), then {@code N passed, M failed} alone on a line;
 * with {@code --json}, stdout holds only the JSON report ({@code {"cases":[...],"passed":N,"failed":M}})
 * and the lines go to stderr. A case file that cannot be loaded is a failed case named after its file.
 * Exit 0 when every case passed, 1 otherwise, 2 for usage errors (no such directory or case).
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Run NetworkPolicy conformance cases (shared/conformance/netpol/FORMAT.md) with real packets.")
final class ConformanceCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    LabTool lab;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory of case files (*.yaml).")
    Path dir;

    @Option(names = "--case", paramLabel = "NAME", description = "Run only this case (its name or file name; repeatable).")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON report on stdout (progress and lines on stderr).")
    boolean json;

    @Option(names = "--pods-created-only", description = "Create only source.also_in.pods_created when a case "
            + "lists them, and compare only their cells (FORMAT.md \"Pod subsets\").")
    boolean podsCreatedOnly;

    @Option(names = "--settle-ms", paramLabel = "MS", defaultValue = "1500",
            description = "Wait after each step's changes before probing when the agents do not report NetworkPolicy "
                    + "syncs in /status (default: ${DEFAULT-VALUE}); otherwise the runner waits for their sync count.")
    long settleMs;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "Pod adds/deletes run at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = {"-v", "--verbose"}, description = "Print each lab action on stderr.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        try {
            files = CaseLoader.caseFiles(dir);
        } catch (ManifestException e) {
            err.println("weft-lab: error: " + e.getMessage());
            return 2;
        }
        if (settleMs < 0 || parallel < 1) {
            err.println("weft-lab: error: --settle-ms must be >= 0 and --parallel >= 1");
            return 2;
        }
        List<NetpolCase> cases = new ArrayList<>();
        List<CaseResult> results = new ArrayList<>();
        for (Path f : files) {
            String stem = f.getFileName().toString().replaceFirst("\\.yaml$", "");
            try {
                NetpolCase c = CaseLoader.load(f);
                if (only.isEmpty() || only.contains(c.name()) || only.contains(stem) || only.contains(f.getFileName().toString())) {
                    cases.add(c);
                }
            } catch (ManifestException e) {
                if (only.isEmpty() || only.contains(stem) || only.contains(f.getFileName().toString())) {
                    results.add(new CaseResult(f.getFileName().toString(), f.getFileName().toString(), List.of(),
                            "cannot load: " + e.getMessage(), List.of()));
                }
            }
        }
        if (cases.isEmpty() && results.isEmpty()) {
            err.println("weft-lab: error: " + (only.isEmpty() ? "no case files (*.yaml) in " + dir
                    : "no case named " + String.join(", ", only) + " in " + dir));
            return 2;
        }
        PrintWriter lines = json ? err : out;
        results.forEach(r -> {
            lines.println(r.line());
            lines.flush();
        });
        LabDriver d = lab.driver;
        if (d == null) {
            if (lab.script() == null) {
                err.println("weft-lab: error: WEFT_LAB is not set (run this through 'weft-lab conformance')");
                return 2;
            }
            d = new ScriptLabDriver(lab.script(), lab.state(), lab.prefix());
        }
        ConformanceRunner runner = new ConformanceRunner(d, lab.datastore(),
                new ConformanceRunner.Options(podsCreatedOnly, Duration.ofMillis(settleMs), 2, parallel),
                msg -> {
                    if (verbose) {
                        err.println(msg);
                        err.flush();
                    }
                });
        for (NetpolCase c : cases) {
            if (verbose) {
                err.println("case " + c.name() + " (" + c.file().getFileName() + ")");
            }
            CaseResult r = runner.run(c);
            results.add(r);
            lines.println(r.line());
            lines.flush();
        }
        long passed = results.stream().filter(CaseResult::passed).count();
        long failed = results.size() - passed;
        lines.println(passed + " passed, " + failed + " failed");
        lines.flush();
        if (json) {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode arr = root.putArray("cases");
            results.forEach(r -> arr.add(r.toJson()));
            root.put("passed", passed);
            root.put("failed", failed);
            out.println(root.toPrettyString());
            out.flush();
        }
        return failed == 0 ? 0 : 1;
    }
}
