package dev.weft.dataplane.iptables.ipset;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;

/**
 * The libipset ({@code libipset.so.13}, ipset 7.x, headers in {@code /usr/include/libipset}) and libc
 * functions {@link LibIpSet} calls, bound through jnr-ffi. Public only because jnr-ffi generates
 * the implementation in its own class loader; not part of Weft's API.
 *
 * <p>The three callbacks are variadic in C ({@code printf}-style); on x86-64 the first variadic
 * arguments arrive in registers exactly like fixed ones, so they are declared with two trailing
 * pointer-sized arguments that hold the first two variadic values (see {@link LibIpSet} for how
 * they are used).
 */
public interface LibIpSetNative {
    /** {@code ipset_custom_errorfn}: {@code int (struct ipset *, void *p, int status, const char *msg, ...)}. */
    interface CustomErrorFn {
        @Delegate
        int call(Pointer ipset, Pointer p, int status, Pointer msg, Pointer arg1, Pointer arg2);
    }

    /** {@code ipset_standard_errorfn}: {@code int (struct ipset *, void *p)}. */
    interface StandardErrorFn {
        @Delegate
        int call(Pointer ipset, Pointer p);
    }

    /** {@code ipset_print_outfn}: {@code int (struct ipset_session *, void *p, const char *fmt, ...)}; libipset passes {@code "%s", outbuf}. */
    interface PrintOutFn {
        @Delegate
        int call(Pointer session, Pointer p, Pointer fmt, Pointer arg1);
    }

    /** {@code void ipset_load_types(void)}: registers the set types; must precede everything else. */
    void ipset_load_types();

    /** {@code struct ipset *ipset_init(void)}; NULL on failure. */
    Pointer ipset_init();

    /** {@code int ipset_fini(struct ipset *)}. */
    int ipset_fini(Pointer ipset);

    /** {@code int ipset_custom_printf(struct ipset *, custom_error, standard_error, print_outfn, void *p)}. */
    int ipset_custom_printf(Pointer ipset, CustomErrorFn customError, StandardErrorFn standardError, PrintOutFn outfn, Pointer p);

    /** {@code struct ipset_session *ipset_session(struct ipset *)}. */
    Pointer ipset_session(Pointer ipset);

    /** {@code int ipset_parse_line(struct ipset *, char *line)}: one command (return code unreliable). */
    int ipset_parse_line(Pointer ipset, Pointer line);

    /** {@code int ipset_parse_stream(struct ipset *, FILE *)}: restore-mode parsing with add/del aggregation. */
    int ipset_parse_stream(Pointer ipset, Pointer file);

    /** {@code const char *ipset_session_report_msg(const struct ipset_session *)}. */
    String ipset_session_report_msg(Pointer session);

    /** {@code enum ipset_err_type ipset_session_report_type(const struct ipset_session *)}: 0 none, 1 warning, 2 notice, 3 error. */
    int ipset_session_report_type(Pointer session);

    /** {@code void ipset_session_report_reset(struct ipset_session *)}. */
    void ipset_session_report_reset(Pointer session);

    /** libc {@code FILE *fmemopen(void *buf, size_t size, const char *mode)}. */
    Pointer fmemopen(Pointer buf, long size, String mode);

    /** libc {@code int fclose(FILE *)}. */
    int fclose(Pointer file);
}
