package dev.weft.agent.lab;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code weft-lab delete FILE...}: removes from the datastore every object the files name (by kind,
 * namespace and name; the rest of each object is not looked at). All files are read first; a bad
 * file means nothing is deleted (exit 1). An object that is not there is reported
 * ({@code networkpolicy x/a not found}) and makes the exit code 1, like kubectl; the others are
 * still deleted.
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Remove the objects named in YAML/JSON files from the lab's datastore.")
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    LabTool lab;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Manifest files.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<List<LabObject>> read = Manifests.readAll(files, false, err);
        if (read.isEmpty()) {
            err.println("weft-lab: nothing deleted");
            return 1;
        }
        List<LabObject> all = read.get();
        LabDatastore ds = lab.datastore();
        int code = 0;
        for (LabObject o : all) {
            if (ds.remove(o.kind(), o.namespace(), o.name())) {
                out.println(o.display() + " deleted");
            } else {
                err.println("weft-lab: " + o.display() + " not found");
                code = 1;
            }
        }
        return code;
    }
}
