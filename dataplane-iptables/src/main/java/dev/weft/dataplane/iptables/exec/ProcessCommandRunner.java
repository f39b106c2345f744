package dev.weft.dataplane.iptables.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The default {@link CommandRunner}: runs the dataplane's external tools ({@code iptables-restore}, {@code iptables-save},
 * {@code ipset}) as child processes, optionally inside a named network namespace through
 * {@code ip netns exec NAME} (iproute2). The one process shim of this module: every command the
 * drivers issue goes through {@link #run(List, String)}, and tests may wrap it to count or fail
 * commands.
 *
 * <p>Thread-safe; stdin is written and stderr drained on helper threads, so large inputs and
 * outputs (a 100,000-rule save is ≈ 10 MB) never deadlock on a full pipe.
 */
final class ProcessCommandRunner implements CommandRunner {
    private final List<String> prefix;
    private final String netns;

    /** Runs commands in the caller's own network namespace. */
    ProcessCommandRunner() {
        this.prefix = List.of();
        this.netns = null;
    }

    ProcessCommandRunner(String netns) {
        this.prefix = List.of("ip", "netns", "exec", netns);
        this.netns = netns;
    }

    @Override
    public String netns() {
        return netns;
    }

    @Override
    public CommandResult run(List<String> command, String stdin) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        Process p;
        try {
            p = new ProcessBuilder(full).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", full), e);
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeStdin(p.getOutputStream(), stdin));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = readAll(p.getInputStream());
        boolean interrupted = false;
        int code;
        while (true) {
            try {
                code = p.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        String errText;
        try {
            writer.get();
            errText = err.get();
        } catch (InterruptedException e) {
            interrupted = true;
            errText = "";
        } catch (ExecutionException e) {
            errText = String.valueOf(e.getCause());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new CommandResult(command, code, out, errText);
    }

    private static void writeStdin(OutputStream os, String stdin) {
        try (os) {
            if (stdin != null) {
                os.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The process ended early (e.g. a parse error): its exit code and stderr tell why.
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
