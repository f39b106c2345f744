package dev.weft.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weft.agent.admin.AdminApi;
import dev.weft.agent.admin.AdminClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Options of the commands that ask the running agent over its admin socket. */
final class AgentOptions {
    /** Output formats. */
    enum Output { table, json }

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = AdminApi.DEFAULT_SOCKET,
            description = "The agent's admin socket (default: ${DEFAULT-VALUE}).")
    Path socket;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned columns) or json (the agent's document) (default: ${DEFAULT-VALUE}).")
    Output output;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the agent (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Asks the agent for {@code path}; prints its JSON as is with {@code -o json}, else maps it to
     * {@code type} and prints {@code table}'s rendering.
     *
     * @throws AdminClient.AdminException if the agent cannot be asked (exit 1 through Weftctl's handler)
     */
    <T> void show(PrintWriter out, String path, Class<T> type, Function<T, String> table) {
        try (AdminClient client = client()) {
            if (output == Output.json) {
                JsonNode tree = client.getTree(path);
                out.println(JSON.writeValueAsString(tree));
            } else {
                out.print(table.apply(client.get(path, type)));
            }
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client for {@link #socket}. */
    AdminClient client() {
        return new AdminClient(socket, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
    }
}
