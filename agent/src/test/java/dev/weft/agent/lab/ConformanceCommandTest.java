package dev.weft.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft-lab conformance} as a command: output lines, total, exit codes, --case, --json. */
class ConformanceCommandTest {
    @TempDir
    Path tmp;

    Path cases;
    LabDatastore ds;

    /** MINIMAL with an expectation that holds when nothing is enforced. */
    static final String PASSING = CaseLoaderTest.MINIMAL.replace("name: minimal", "name: passing")
            .replace("x/a: {x/a: allowed, w/b: denied}", "x/a: {x/a: allowed, w/b: allowed}");

    record Run(int code, String out, String err) {}

    @BeforeEach
    void setUp() throws IOException {
        cases = Files.createDirectories(tmp.resolve("cases"));
        ds = new LabDatastore(Files.createDirectories(tmp.resolve("state/datastore")));
        Files.writeString(cases.resolve("10-minimal.yaml"), CaseLoaderTest.MINIMAL);
        Files.writeString(cases.resolve("20-passing.yaml"), PASSING);
        Files.writeString(cases.resolve("README.md"), "not a case");
    }

    Run conformance(String... args) {
        LabTool tool = new LabTool(Map.of("WEFT_LAB_STATE", tmp.resolve("state").toString()));
        tool.driver = new FakeLab(ds, FakeLab.Enforcement.NONE);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "conformance";
        all[1] = "--settle-ms";
        all[2] = "0";
        System.arraycopy(args, 0, all, 3, args.length);
        int code = LabTool.run(tool, new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsOneLinePerCaseThenTheTotal() {
        Run r = conformance(cases.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out().lines()).containsExactly(
                "FAIL minimal step s1 80/TCP: x/a->w/b expected denied got allowed",
                "PASS passing",
                "1 passed, 1 failed");
    }

    @Test
    void allPassingExitsZero() {
        Run r = conformance(cases.toString(), "--case", "passing");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly("PASS passing", "1 passed, 0 failed");
        assertThat(conformance(cases.toString(), "--case", "20-passing").out()).startsWith("PASS passing");
    }

    @Test
    void aBrokenCaseFileIsAFailedCaseAndTheOthersStillRun() throws IOException {
        Files.writeString(cases.resolve("05-broken.yaml"), "name: broken\nmodel: {pods: []}\nprobes: [{step: nope}]\n");
        Run r = conformance(cases.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out().lines().toList()).hasSize(4);
        assertThat(r.out().lines().findFirst().orElseThrow())
                .startsWith("FAIL 05-broken.yaml error: cannot load: ").contains("unknown step 'nope'");
        assertThat(r.out()).endsWith("1 passed, 2 failed\n");
    }

    @Test
    void jsonReportOnStdoutAndLinesOnStderr() throws IOException {
        Run r = conformance(cases.toString(), "--json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.path("passed").asInt()).isEqualTo(1);
        assertThat(report.path("failed").asInt()).isEqualTo(1);
        JsonNode first = report.path("cases").get(0);
        assertThat(first.path("name").asText()).isEqualTo("minimal");
        assertThat(first.path("passed").asBoolean()).isFalse();
        JsonNode probe = first.path("probes").get(0);
        assertThat(probe.path("method").asText()).isEqualTo("probe");
        assertThat(probe.path("attempts").asInt()).isEqualTo(2);
        assertThat(probe.path("mismatches").get(0).toString())
                .isEqualTo("{\"from\":\"x/a\",\"to\":\"w/b\",\"expected\":\"denied\",\"got\":\"allowed\"}");
        assertThat(r.err()).contains("PASS passing").contains("1 passed, 1 failed");
    }

    @Test
    void usageErrorsExitTwo() {
        Run missing = conformance(tmp.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("not a directory");
        Run unknown = conformance(cases.toString(), "--case", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no case named nope");
        assertThat(conformance().code()).isEqualTo(2);
    }

    @Test
    void withoutTheLabScriptItSaysHowToRunIt() {
        StringWriter err = new StringWriter();
        int code = LabTool.run(Map.of("WEFT_LAB_STATE", tmp.resolve("state").toString()), new PrintWriter(new StringWriter()),
                new PrintWriter(err), "conformance", cases.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("WEFT_LAB is not set");
    }
}
