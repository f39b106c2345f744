package dev.weft.dataplane.iptables.ipset;

import dev.weft.dataplane.iptables.exec.NetnsThread;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSetType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * An ipset4j-style binding of libipset ({@code libipset.so.13}) through jnr-ffi: {@link #create},
 * {@link #add}, {@link #del}, {@link #swap}, {@link #destroy}, {@link #list}, and {@link #restore}
 * for batches. Commands are handed to libipset in ipset's own command syntax
 * ({@link IpSetOp#restoreLine()}), so parsing and validation are libipset's; batches go through
 * {@code ipset_parse_stream} on an in-memory {@code FILE} ({@code fmemopen}), which is restore
 * mode: consecutive adds/dels to one set are aggregated into few netlink messages, as
 * {@code ipset restore} does, without starting a process.
 *
 * <p>Pitfalls handled (see MACHINE-NOTES): {@code ipset_load_types()} runs first, once per process;
 * every {@code struct ipset} gets custom error and print handlers before any command, because
 * libipset's default handlers call {@code exit()} and would kill the JVM; return codes of
 * {@code ipset_parse_line}/{@code ipset_parse_stream} are not trusted: errors are collected from
 * the callbacks (custom error messages and the session's error reports). In restore mode libipset
 * carries on after a failing line, so a failed batch may have applied the lines after it too.
 *
 * <p>All libipset work runs on one dedicated {@link NetnsThread}: libipset's netlink socket is
 * created on first use and belongs to the network namespace of the thread that created it; a
 * process-wide lock serialises libipset, whose print machinery has global state.
 */
public final class LibIpSet implements AutoCloseable {
    private static final Object GLOBAL = new Object();
    private static volatile LibIpSetNative lib;

    private final NetnsThread thread;
    private final Runtime runtime;
    private final List<String> errors = new ArrayList<>();
    private final StringBuilder output = new StringBuilder();
    // Strong references: jnr-ffi closures must outlive every native call that may invoke them.
    private final LibIpSetNative.CustomErrorFn customError = this::onCustomError;
    private final LibIpSetNative.StandardErrorFn standardError = this::onStandardError;
    private final LibIpSetNative.PrintOutFn printOut = this::onPrint;
    private Pointer currentIpset;

    private LibIpSet(NetnsThread thread) {
        this.thread = thread;
        this.runtime = Runtime.getRuntime(lib);
    }

    /**
     * Loads libipset (once per process) and starts the worker thread in the network namespace at
     * {@code netns} (null: the process's own).
     *
     * @throws IllegalStateException if libipset cannot be loaded or the namespace entered
     */
    public static LibIpSet open(Path netns) {
        load();
        return new LibIpSet(NetnsThread.enter(netns));
    }

    private static void load() {
        synchronized (GLOBAL) {
            if (lib != null) {
                return;
            }
            LibIpSetNative l;
            try {
                l = LibraryLoader.create(LibIpSetNative.class).library("libipset.so.13").library("c").failImmediately().load();
            } catch (LinkageError | RuntimeException e) {
                throw new IllegalStateException("cannot load libipset.so.13 (Debian package libipset13): " + e.getMessage(), e);
            }
            l.ipset_load_types();
            lib = l;
        }
    }

    /** {@code create NAME TYPE family F hashsize H maxelem M}. */
    public void create(String name, IpSetType type, IpFamily family, int hashsize, int maxelem) {
        restore(List.of(new IpSetOp.Create(name, type, family, hashsize, maxelem).restoreLine()));
    }

    /** {@code add NAME MEMBER} (member in ipset syntax). */
    public void add(String name, String member) {
        restore(List.of(new IpSetOp.Add(name, member).restoreLine()));
    }

    /** {@code del NAME MEMBER}. */
    public void del(String name, String member) {
        restore(List.of(new IpSetOp.Del(name, member).restoreLine()));
    }

    /** {@code swap A B}. */
    public void swap(String a, String b) {
        restore(List.of(new IpSetOp.Swap(a, b).restoreLine()));
    }

    /** {@code destroy NAME}. */
    public void destroy(String name) {
        restore(List.of(new IpSetOp.Destroy(name).restoreLine()));
    }

    /**
     * The sets whose names start with {@code prefix}, with members ({@code save} through libipset,
     * output captured by the print callback).
     *
     * @throws IpSetException if listing fails
     */
    public Map<String, KernelIpSet> list(String prefix) {
        return IpSetSaveParser.parse(rawSave(), prefix);
    }

    /** The output of {@code save} (all sets, ipset's save format) as libipset prints it. */
    public String rawSave() {
        return run(ipset -> {
            Pointer line = cString("save");
            lib.ipset_parse_line(ipset, line);
        });
    }

    /**
     * Executes {@code lines} (ipset restore syntax) in restore mode.
     *
     * @throws IpSetException with every error libipset reported
     */
    public void restore(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        run(ipset -> {
            Pointer buf = Memory.allocateDirect(runtime, bytes.length);
            buf.put(0L, bytes, 0, bytes.length);
            Pointer file = lib.fmemopen(buf, bytes.length, "r");
            if (file == null) {
                errors.add("fmemopen failed");
                return;
            }
            try {
                lib.ipset_parse_stream(ipset, file);
            } finally {
                lib.fclose(file);
            }
        });
    }

    private interface Work {
        void run(Pointer ipset);
    }

    /** Runs {@code work} with a fresh, handler-equipped {@code struct ipset} on the namespace thread; returns captured output. */
    private String run(Work work) {
        return thread.call(() -> {
            synchronized (GLOBAL) {
                errors.clear();
                output.setLength(0);
                Pointer ipset = lib.ipset_init();
                if (ipset == null) {
                    throw new IpSetException("ipset_init failed (out of memory?)");
                }
                try {
                    currentIpset = ipset;
                    // Handlers first: the defaults exit() the process on any error.
                    lib.ipset_custom_printf(ipset, customError, standardError, printOut, null);
                    work.run(ipset);
                } finally {
                    lib.ipset_fini(ipset);
                    currentIpset = null;
                }
                if (!errors.isEmpty()) {
                    throw new IpSetException("libipset: " + String.join("; ", errors));
                }
                return output.toString();
            }
        });
    }

    private int onCustomError(Pointer ipset, Pointer p, int status, Pointer msg, Pointer arg1, Pointer arg2) {
        if (status != 0 && msg != null) {
            errors.add(format(msg.getString(0), arg1, arg2));
        }
        return -1;
    }

    private int onStandardError(Pointer ipset, Pointer p) {
        Pointer session = lib.ipset_session(ipset != null ? ipset : currentIpset);
        int type = lib.ipset_session_report_type(session);
        if (type == 3) {
            String msg = lib.ipset_session_report_msg(session);
            errors.add(msg == null || msg.isBlank() ? "unknown libipset error" : msg.strip());
        }
        lib.ipset_session_report_reset(session);
        return type == 3 ? -1 : 0;
    }

    private int onPrint(Pointer session, Pointer p, Pointer fmt, Pointer arg1) {
        String f = fmt == null ? "" : fmt.getString(0);
        output.append(f.equals("%s") ? (arg1 == null ? "" : arg1.getString(0)) : f);
        return 0;
    }

    /**
     * Formats a printf message using the first two variadic values: {@code %s} reads a string,
     * {@code %d}/{@code %u}/{@code %i} a 32-bit integer; anything further is left as written.
     */
    public static String format(String fmt, Pointer a1, Pointer a2) {
        Pointer[] args = {a1, a2};
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                out.append(c);
                continue;
            }
            char conv = fmt.charAt(i + 1);
            if (conv == '%') {
                out.append('%');
            } else if (next < args.length && (conv == 's' || conv == 'd' || conv == 'u' || conv == 'i')) {
                Pointer a = args[next++];
                if (conv == 's') {
                    out.append(a == null ? "(null)" : a.getString(0));
                } else {
                    long v = a == null ? 0 : a.address();
                    out.append(conv == 'u' ? Integer.toUnsignedString((int) v) : Integer.toString((int) v));
                }
            } else {
                out.append(c).append(conv);
            }
            i++;
        }
        return out.toString();
    }

    private Pointer cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Pointer m = Memory.allocateDirect(runtime, b.length + 1);
        m.put(0L, b, 0, b.length);
        m.putByte((long) b.length, (byte) 0);
        return m;
    }

    /** The namespace the worker thread lives in (null: the process's own). */
    public Path netns() {
        return thread.netns();
    }

    /** Ends the worker thread. */
    @Override
    public void close() {
        thread.close();
    }

    static LibIpSetNative nativeLib() {
        return Objects.requireNonNull(lib, "not loaded");
    }
}
