package dev.weft.netlink;

import dev.weft.netlink.internal.LibC;
import dev.weft.netlink.internal.Libc;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import jnr.ffi.Pointer;

/**
 * A NETLINK_ROUTE socket and the request/response exchange over it: send one request, read
 * replies with the same sequence number until the ACK (NLMSG_ERROR with error 0), an error
 * (NLMSG_ERROR with a negative errno) or, for dumps, NLMSG_DONE.
 *
 * <p>The socket is created in the network namespace of the calling thread and stays bound to it.
 * It enables NETLINK_EXT_ACK so errors carry the kernel's text, and NETLINK_GET_STRICT_CHK so
 * dumps can be filtered in the kernel. Not thread-safe: {@link Netlink} serialises access.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3549">RFC 3549 (Netlink)</a>
 */
final class NetlinkSocket implements AutoCloseable {
    private static final int RECV_BUFFER = 256 * 1024;
    private static final int MAX_BUFFER = 16 * 1024 * 1024;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    /** Requests per sendmsg of a batch; their errors (≤ ~1 KiB of buffer each) fit SOCKET_BUFFER. */
    static final int BATCH_MESSAGES = 1024;
    /** Bytes per sendmsg of a batch (well below the socket's send buffer). */
    static final int BATCH_BYTES = 64 * 1024;

    private final LibC libc;
    private final int fd;
    private Pointer rxNative;
    private byte[] rx;
    private int seq = (int) (System.nanoTime() & 0x3fffffff);
    private boolean closed;
    private boolean needsDrain;

    private NetlinkSocket(LibC libc, int fd, int bufferSize) {
        this.libc = libc;
        this.fd = fd;
        this.rxNative = Libc.allocate(bufferSize);
        this.rx = new byte[bufferSize];
    }

    /** Opens and binds a NETLINK_ROUTE socket in the calling thread's network namespace. */
    static NetlinkSocket open() {
        return open(RECV_BUFFER);
    }

    /**
     * As {@link #open()} with a receive buffer of {@code bufferSize} bytes; a datagram that does
     * not fit fails its exchange with ENOBUFS and grows the buffer for the next ones.
     */
    static NetlinkSocket open(int bufferSize) {
        return open(bufferSize, SOCKET_BUFFER);
    }

    /**
     * As {@link #open(int)} with the kernel-side socket buffers (SO_RCVBUF/SO_SNDBUF) asked to be
     * {@code socketBuffer} bytes (tests use a small one to provoke a receive-queue overflow).
     */
    static NetlinkSocket open(int bufferSize, int socketBuffer) {
        LibC libc = Libc.libc();
        int fd = libc.socket(Rtnl.AF_NETLINK, Rtnl.SOCK_RAW | Rtnl.SOCK_CLOEXEC, Rtnl.NETLINK_ROUTE);
        if (fd < 0) {
            throw sysError("socket(AF_NETLINK, NETLINK_ROUTE)", Libc.errno());
        }
        try {
            byte[] sa = sockaddrNl();
            if (libc.bind(fd, sa, sa.length) < 0) {
                throw sysError("bind(AF_NETLINK)", Libc.errno());
            }
            setIntOption(libc, fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_EXT_ACK, 1); // best effort (kernel ≥ 4.12)
            setIntOption(libc, fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_GET_STRICT_CHK, 1); // best effort (≥ 4.20)
            // errors carry only the failed request's header, so a batch's errors stay small
            setIntOption(libc, fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_CAP_ACK, 1);
            // room for the errors of a whole batch; FORCE needs CAP_NET_ADMIN, else the sysctl cap applies
            if (setIntOption(libc, fd, Rtnl.SOL_SOCKET, Rtnl.SO_RCVBUFFORCE, socketBuffer) < 0) {
                setIntOption(libc, fd, Rtnl.SOL_SOCKET, Rtnl.SO_RCVBUF, socketBuffer);
            }
            if (setIntOption(libc, fd, Rtnl.SOL_SOCKET, Rtnl.SO_SNDBUFFORCE, Math.max(socketBuffer, SOCKET_BUFFER)) < 0) {
                setIntOption(libc, fd, Rtnl.SOL_SOCKET, Rtnl.SO_SNDBUF, Math.max(socketBuffer, SOCKET_BUFFER));
            }
            // struct timeval {30 s, 0}: a kernel that never answers must not hang the caller forever
            ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(30).putLong(0);
            libc.setsockopt(fd, Rtnl.SOL_SOCKET, Rtnl.SO_RCVTIMEO, tv.array(), 16);
            return new NetlinkSocket(libc, fd, bufferSize);
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    /**
     * Sends {@code request} (built with NLM_F_ACK) and waits for the kernel's answer.
     *
     * @param what description of the operation for error messages
     * @return the data messages received before the ACK (empty for most requests)
     * @throws NetlinkException with the kernel's errno and extended-ACK text on NLMSG_ERROR
     */
    List<NlMessage> execute(NlMessageBuilder request, String what) {
        return exchange(request, what, false);
    }

    /**
     * Sends a dump request (NLM_F_DUMP) and collects every reply up to NLMSG_DONE. A dump the
     * kernel marks NLM_F_DUMP_INTR (the table changed while it was being dumped, so the result may
     * be inconsistent) is repeated, up to three attempts; the last result is returned as it is.
     */
    List<NlMessage> dump(NlMessageBuilder request, String what) {
        List<NlMessage> replies = List.of();
        for (int attempt = 0; attempt < 3; attempt++) {
            replies = exchange(request, what, true);
            if (replies.stream().noneMatch(m -> (m.flags() & Rtnl.NLM_F_DUMP_INTR) != 0)) {
                break;
            }
        }
        return replies;
    }

    /**
     * Sends many requests without waiting for each answer: they are packed into datagrams of up
     * to {@value #BATCH_MESSAGES} messages / {@value #BATCH_BYTES} bytes, each sent with one
     * sendmsg(2); only the last message of a datagram carries NLM_F_ACK, the others are answered
     * only when they fail (netlink acknowledges errors always). The kernel handles a datagram's
     * messages in order before sendmsg returns, so after the last one's ACK every error of the
     * datagram has been read.
     *
     * @param requests requests built WITHOUT NLM_F_ACK
     * @param what description of request {@code i} for error messages
     * @return the failed requests by index in {@code requests}, with the kernel's errno and text
     * @throws NetlinkException ENOBUFS if the socket's receive queue overflowed, so that errors
     *     may have been lost (the caller must re-read the kernel's state); or a socket error. The
     *     datagrams sent before the failure were applied.
     */
    Map<Integer, NetlinkException> executeBatch(List<NlMessageBuilder> requests, IntFunction<String> what) {
        if (closed) {
            throw new NetlinkException(9, "netlink batch: netlink socket is closed");
        }
        if (needsDrain) {
            drain();
        }
        Map<Integer, NetlinkException> failures = new HashMap<>();
        byte[] kernel = sockaddrNl();
        int i = 0;
        byte[] out = new byte[BATCH_BYTES + 4096];
        while (i < requests.size()) {
            int first = i;
            int baseSeq = seq + 1;
            int len = 0;
            while (i < requests.size() && i - first < BATCH_MESSAGES
                    && (i == first || len + NlMessageBuilder.align(requests.get(i).length()) <= BATCH_BYTES)) {
                NlMessageBuilder r = requests.get(i);
                if (out.length < len + NlMessageBuilder.align(r.length())) {
                    out = java.util.Arrays.copyOf(out, len + NlMessageBuilder.align(r.length()));
                }
                boolean last = i + 1 == requests.size() || i + 1 - first == BATCH_MESSAGES
                        || len + NlMessageBuilder.align(r.length())
                                + NlMessageBuilder.align(requests.get(i + 1).length()) > BATCH_BYTES;
                len = r.writeTo(out, len, baseSeq + (i - first), last ? Rtnl.NLM_F_ACK : 0);
                i++;
            }
            int lastSeq = baseSeq + (i - first) - 1;
            seq = lastSeq;
            long sent = libc.sendto(fd, out, len, 0, kernel, kernel.length);
            if (sent < 0) {
                throw sysError("netlink batch of " + (i - first) + " messages: sendto", Libc.errno());
            }
            needsDrain = true;
            boolean done = false;
            while (!done) {
                long n = libc.recv(fd, rxNative, rx.length, Rtnl.MSG_TRUNC);
                if (n < 0) {
                    int errno = Libc.errno();
                    if (errno == EINTR) {
                        continue;
                    }
                    throw sysError("netlink batch of " + (i - first) + " messages"
                            + (errno == NetlinkException.ENOBUFS ? ": receive queue overflowed, answers lost" : ": recv"),
                            errno);
                }
                if (n > rx.length) {
                    throw new NetlinkException(NetlinkException.ENOBUFS, "netlink batch: a " + n
                            + "-byte answer did not fit the " + rx.length + "-byte receive buffer");
                }
                rxNative.get(0, rx, 0, (int) n);
                for (NlMessage m : NlMessage.parseAll(rx, (int) n)) {
                    int idx = m.seq() - baseSeq;
                    if (m.type() != Rtnl.NLMSG_ERROR || idx < 0 || idx > lastSeq - baseSeq) {
                        continue; // stale answer to an earlier, abandoned request
                    }
                    int error = m.payload().length >= 4 ? m.buffer().getInt(0) : -NetlinkException.EINVAL;
                    if (error != 0) {
                        failures.put(first + idx, kernelError(what.apply(first + idx), -error, m));
                    }
                    if (m.seq() == lastSeq) {
                        done = true;
                    }
                }
            }
            needsDrain = false;
        }
        return failures;
    }

    /**
     * Sends a dump request and hands every reply to {@code sink} as it arrives (no list of the
     * whole table: a dump of a million routes keeps one datagram's messages at a time).
     *
     * @return true if the kernel marked a reply NLM_F_DUMP_INTR (the table changed meanwhile: the
     *     caller should forget what it saw and dump again)
     */
    boolean dumpEach(NlMessageBuilder request, String what, java.util.function.Consumer<NlMessage> sink) {
        boolean[] interrupted = new boolean[1];
        exchange(request, what, true, m -> {
            if ((m.flags() & Rtnl.NLM_F_DUMP_INTR) != 0) {
                interrupted[0] = true;
            }
            sink.accept(m);
        });
        return interrupted[0];
    }

    private List<NlMessage> exchange(NlMessageBuilder request, String what, boolean isDump) {
        List<NlMessage> replies = new ArrayList<>();
        exchange(request, what, isDump, replies::add);
        return replies;
    }

    private void exchange(NlMessageBuilder request, String what, boolean isDump,
            java.util.function.Consumer<NlMessage> replies) {
        if (closed) {
            throw new NetlinkException(9, what + ": netlink socket is closed");
        }
        if (needsDrain) {
            drain();
        }
        int mySeq = ++seq;
        byte[] msg = request.build(mySeq);
        byte[] kernel = sockaddrNl();
        long sent = libc.sendto(fd, msg, msg.length, 0, kernel, kernel.length);
        if (sent < 0) {
            throw sysError(what + ": sendto", Libc.errno());
        }
        needsDrain = true; // until the exchange completes: an exception leaves unread replies behind
        while (true) {
            long n = libc.recv(fd, rxNative, rx.length, Rtnl.MSG_TRUNC);
            if (n < 0) {
                int errno = Libc.errno();
                if (errno == EINTR) {
                    continue;
                }
                throw sysError(what + (errno == EAGAIN ? ": no answer from the kernel within 30 s" : ": recv"), errno);
            }
            if (n > rx.length) { // the datagram was cut: this exchange is lost, the next ones get room
                int had = rx.length;
                rxNative = Libc.allocate((int) Math.min(MAX_BUFFER, Math.max(n, 2L * had)));
                rx = new byte[(int) Math.min(MAX_BUFFER, Math.max(n, 2L * had))];
                throw new NetlinkException(NetlinkException.ENOBUFS, what + ": a " + n + "-byte reply did not fit the "
                        + had + "-byte receive buffer (grown for the next request)");
            }
            rxNative.get(0, rx, 0, (int) n);
            for (NlMessage m : NlMessage.parseAll(rx, (int) n)) {
                if (m.seq() != mySeq) {
                    continue; // stale answer to an earlier, abandoned request
                }
                switch (m.type()) {
                    case Rtnl.NLMSG_ERROR -> {
                        int error = m.payload().length >= 4 ? m.buffer().getInt(0) : -NetlinkException.EINVAL;
                        needsDrain = false;
                        if (error == 0) {
                            return;
                        }
                        throw kernelError(what, -error, m);
                    }
                    case Rtnl.NLMSG_DONE -> {
                        int error = m.payload().length >= 4 ? m.buffer().getInt(0) : 0;
                        needsDrain = false;
                        if (error < 0) {
                            throw kernelError(what, -error, m);
                        }
                        return;
                    }
                    case Rtnl.NLMSG_NOOP -> { }
                    default -> replies.accept(m);
                }
            }
        }
    }

    /**
     * Reads and discards whatever an abandoned exchange left in the socket (receiving also lets
     * the kernel finish a dump it was still producing), without blocking.
     */
    private void drain() {
        while (libc.recv(fd, rxNative, rx.length, Rtnl.MSG_TRUNC | MSG_DONTWAIT) >= 0) {
            // discard
        }
        needsDrain = false;
    }

    /** Builds the exception for an NLMSG_ERROR/NLMSG_DONE carrying {@code errno}. */
    static NetlinkException kernelError(String what, int errno, NlMessage m) {
        String extAck = extAckMessage(m);
        return new NetlinkException(errno, what + ": " + Libc.strerror(errno) + " (" + NetlinkException.errnoName(errno)
                + ")" + (extAck.isEmpty() ? "" : ": " + extAck));
    }

    /**
     * The NLMSGERR_ATTR_MSG text of an extended ACK ({@code <linux/netlink.h>} struct nlmsgerr:
     * int error, the original nlmsghdr — with its payload unless NLM_F_CAPPED — then TLVs when
     * NLM_F_ACK_TLVS is set), or "" when absent.
     */
    static String extAckMessage(NlMessage m) {
        if (m.type() != Rtnl.NLMSG_ERROR || (m.flags() & Rtnl.NLM_F_ACK_TLVS) == 0 || m.payload().length < 4 + 16) {
            return "";
        }
        int origLen = m.buffer().getInt(4);
        int tlvStart = 4 + ((m.flags() & Rtnl.NLM_F_CAPPED) != 0 ? Rtnl.NLMSG_HDRLEN : NlMessageBuilder.align(origLen));
        if (tlvStart > m.payload().length) {
            return "";
        }
        return NlAttributes.parse(m.payload(), tlvStart, m.payload().length).string(Rtnl.NLMSGERR_ATTR_MSG).orElse("");
    }

    static NetlinkException sysError(String what, int errno) {
        return new NetlinkException(errno, what + ": " + Libc.strerror(errno) + " (" + NetlinkException.errnoName(errno) + ")");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }

    /** struct sockaddr_nl {family=AF_NETLINK, pad, pid=0, groups=0}. */
    private static byte[] sockaddrNl() {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) Rtnl.AF_NETLINK).array();
    }

    private static int setIntOption(LibC libc, int fd, int level, int name, int value) {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        return libc.setsockopt(fd, level, name, v, 4);
    }
}
