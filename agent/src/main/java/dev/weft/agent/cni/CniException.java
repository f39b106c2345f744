package dev.weft.agent.cni;

/**
 * A CNI error result (CNI SPEC §5 "Error"): {@code {"cniVersion","code","msg","details"}}, exit 1.
 * Well-known codes are the spec's; 100 and up are Weft's own.
 */
final class CniException extends Exception {
    private static final long serialVersionUID = 1L;

    /** 1: incompatible CNI version. */
    static final int INCOMPATIBLE_VERSION = 1;
    /** 2: unsupported field in the network configuration (message names key and value). */
    static final int UNSUPPORTED_FIELD = 2;
    /** 4: invalid necessary environment variables (message names them). */
    static final int INVALID_ENV = 4;
    /** 5: I/O failure. */
    static final int IO_FAILURE = 5;
    /** 6: failed to decode content. */
    static final int DECODING_FAILURE = 6;
    /** 7: invalid network config. */
    static final int INVALID_NETWORK_CONFIG = 7;
    /** 8: CNI_NETNS is the agent's own namespace (libcni ErrInvalidNetNS). */
    static final int INVALID_NETNS = 8;
    /** 11: try again later. */
    static final int TRY_AGAIN_LATER = 11;
    /** 50: the plugin is not available (STATUS). */
    static final int NOT_AVAILABLE = 50;
    /** 100 (Weft): no free address in the node's Pod CIDRs. */
    static final int IPAM_EXHAUSTED = 100;
    /** 101 (Weft): wiring the Pod's interface failed; everything done so far was undone. */
    static final int WIRING_FAILED = 101;
    /** 102 (Weft): CHECK found the attachment missing or different from prevResult. */
    static final int CHECK_FAILED = 102;
    /** 999: internal error (libcni ErrInternal). */
    static final int INTERNAL = 999;

    final int code;
    final String msg;
    final String details;

    CniException(int code, String msg, String details) {
        super(msg + (details.isEmpty() ? "" : ": " + details));
        this.code = code;
        this.msg = msg;
        this.details = details;
    }

    CniException(int code, String msg) {
        this(code, msg, "");
    }
}
