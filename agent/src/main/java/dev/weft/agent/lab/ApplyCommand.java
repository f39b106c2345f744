package dev.weft.agent.lab;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code weft-lab apply FILE...}: every object of every file into the datastore as
 * {@code <kind>-<ns>-<name>.json}. All files are read and validated first ({@link Manifests}); if
 * any is bad, each problem is printed and nothing at all is written (exit 1). Prints
 * {@code networkpolicy x/deny-all applied} per object.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Put the objects of YAML/JSON files (multi-document, kind: List) into the lab's datastore.")
final class ApplyCommand implements Callable<Integer> {
    @ParentCommand
    LabTool lab;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Manifest files.")
    List<Path> files;

    @Option(names = "--no-validate", description = "Do not validate NetworkPolicy content (CIDRs, ports, "
            + "protocols, selectors); lets the agents' own rejection of invalid policies be tried.")
    boolean noValidate;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<List<LabObject>> read = Manifests.readAll(files, !noValidate, err);
        if (read.isEmpty()) {
            err.println("weft-lab: nothing applied");
            return 1;
        }
        List<LabObject> all = read.get();
        LabDatastore ds = lab.datastore();
        for (LabObject o : all) {
            ds.put(o);
            out.println(o.display() + " applied");
        }
        return 0;
    }
}
