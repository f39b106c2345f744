package dev.weft.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplyDeleteTest {
    @TempDir
    Path state;

    Path ds;

    static final String DENY_ALL = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-all, namespace: x}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;

    static final String TWO_DOCS_AND_A_LIST = DENY_ALL + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: no-namespace}
            spec: {podSelector: {matchLabels: {app: web}}}
            ---
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: x, labels: {team: red}}}
            - apiVersion: networking.k8s.io/v1
              kind: NetworkPolicy
              metadata: {name: allow-80, namespace: y}
              spec:
                podSelector: {}
                ingress: [{ports: [{port: 80, protocol: TCP}]}]
            """;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void setUp() {
        ds = state.resolve("datastore");
    }

    Run lab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LabTool.run(Map.of("WEFT_LAB_STATE", state.toString()), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void applyWritesOneJsonFilePerObjectAndSaysSo() throws IOException {
        Path f = write("policies.yaml", TWO_DOCS_AND_A_LIST);
        Run r = lab("apply", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "networkpolicy x/deny-all applied",
                "networkpolicy default/no-namespace applied",
                "namespace x applied",
                "networkpolicy y/allow-80 applied");
        assertThat(files()).containsExactly("namespace-x.json", "networkpolicy-default-no-namespace.json",
                "networkpolicy-x-deny-all.json", "networkpolicy-y-allow-80.json");
        JsonNode written = new ObjectMapper().readTree(ds.resolve("networkpolicy-default-no-namespace.json").toFile());
        assertThat(written.at("/metadata/namespace").asText()).as("namespace defaulted").isEqualTo("default");
        assertThat(written.at("/spec/podSelector/matchLabels/app").asText()).isEqualTo("web");
        // The agents' datastore reads them back as the same objects.
        assertThat(EvaluatorMatrix.read(ds).resources("NetworkPolicy")).hasSize(3);
        assertThat(EvaluatorMatrix.read(ds).rejections()).isEmpty();
    }

    @Test
    void applyingAgainReplacesTheObjectWhereverItWas() throws IOException {
        Files.createDirectories(ds);
        Files.writeString(ds.resolve("mine.yaml"), DENY_ALL);
        Files.writeString(ds.resolve("both.yaml"), DENY_ALL.replace("deny-all", "other") + "---\n"
                + DENY_ALL.replace("namespace: x", "namespace: z"));
        Path f = write("p.yaml", DENY_ALL.replace("[Ingress]", "[Ingress, Egress]"));
        assertThat(lab("apply", f.toString()).code()).isZero();
        assertThat(lab("apply", f.toString()).code()).as("idempotent").isZero();
        assertThat(files()).containsExactly("both.yaml", "networkpolicy-x-deny-all.json");
        LabDatastore store = new LabDatastore(ds);
        assertThat(store.get("NetworkPolicy", "x", "deny-all").orElseThrow().body().at("/spec/policyTypes").size()).isEqualTo(2);
        assertThat(store.find("NetworkPolicy", "x", "deny-all")).hasSize(1);
        assertThat(store.get("NetworkPolicy", "x", "other")).as("an object sharing the file is kept").isPresent();
        assertThat(store.get("NetworkPolicy", "z", "deny-all")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing kind      | 'kind: NetworkPolicy' | 'kinds: NetworkPolicy' | document 2: missing kind",
        "missing name      | 'name: deny-all, '    | ''                     | document 2: NetworkPolicy without metadata.name",
        "bad name          | 'name: deny-all'      | 'name: Deny_All'       | metadata.name 'Deny_All' is not a DNS-1123 subdomain",
        "unknown kind      | 'kind: NetworkPolicy' | 'kind: Deployment'     | kind Deployment is not read by the lab's datastore",
        "syntax error      | 'namespace: x}'       | 'namespace: x'         | cannot parse",
        "bad policy type   | '[Ingress]'           | '[Sideways]'           | networkpolicy x/deny-all is invalid",
        "wrong field type  | 'podSelector: {}'     | 'podSelector: 7'       | networkpolicy x/deny-all is not a valid NetworkPolicy",
    })
    void aBadFileAppliesNothingAtAll(String what, String from, String to, String message) throws IOException {
        assertThat(DENY_ALL).contains(from);
        Path good = write("good.yaml", DENY_ALL.replace("deny-all", "fine"));
        Path bad = write("bad.yaml", DENY_ALL.replace("deny-all", "first") + "---\n" + DENY_ALL.replace(from, to));
        Run r = lab("apply", good.toString(), bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(bad.toString()).contains(message).contains("nothing applied");
        assertThat(r.out()).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void anInvalidCidrIsRefusedUnlessValidationIsOff() throws IOException {
        Path f = write("cidr.yaml", DENY_ALL.replace("policyTypes: [Ingress]",
                "ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]"));
        Run r = lab("apply", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("networkpolicy x/deny-all is invalid").contains("10.0.0.0/33");
        Run off = lab("apply", "--no-validate", f.toString());
        assertThat(off.code()).isZero();
        assertThat(files()).containsExactly("networkpolicy-x-deny-all.json");
    }

    @Test
    void aMissingFileIsAClearError() {
        Run r = lab("apply", state.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nope.yaml: no such file");
    }

    @Test
    void deleteRemovesTheNamedObjectsAndReportsMissingOnes() throws IOException {
        Path f = write("policies.yaml", TWO_DOCS_AND_A_LIST);
        assertThat(lab("apply", f.toString()).code()).isZero();
        Path some = write("some.yaml", DENY_ALL + "---\n" + DENY_ALL.replace("deny-all", "never-applied"));
        Run r = lab("delete", some.toString());
        assertThat(r.code()).as("a missing object fails the command, like kubectl").isEqualTo(1);
        assertThat(r.out().lines()).containsExactly("networkpolicy x/deny-all deleted");
        assertThat(r.err()).contains("networkpolicy x/never-applied not found");
        assertThat(files()).containsExactly("namespace-x.json", "networkpolicy-default-no-namespace.json",
                "networkpolicy-y-allow-80.json");
        Run all = lab("delete", f.toString());
        assertThat(all.code()).isEqualTo(1);
        assertThat(files()).isEmpty();
    }

    @Test
    void deleteOfABadFileDeletesNothing() throws IOException {
        Path f = write("p.yaml", DENY_ALL);
        assertThat(lab("apply", f.toString()).code()).isZero();
        Path bad = write("bad.yaml", DENY_ALL + "---\nkind: NetworkPolicy\nmetadata: {namespace: x}\n");
        Run r = lab("delete", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("document 2: NetworkPolicy without metadata.name").contains("nothing deleted");
        assertThat(files()).containsExactly("networkpolicy-x-deny-all.json");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(lab("apply").code()).isEqualTo(2);
        assertThat(lab().code()).isEqualTo(2);
        assertThat(lab("frobnicate").code()).isEqualTo(2);
    }

    private Path write(String name, String text) throws IOException {
        Path f = state.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private List<String> files() throws IOException {
        if (!Files.isDirectory(ds)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(ds)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
