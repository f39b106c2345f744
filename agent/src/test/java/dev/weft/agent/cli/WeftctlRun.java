package dev.weft.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs weftctl in-process with captured stdout/stderr. */
record WeftctlRun(int exitCode, String out, String err) {
    static WeftctlRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Weftctl.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new WeftctlRun(code, out.toString(), err.toString());
    }
}
