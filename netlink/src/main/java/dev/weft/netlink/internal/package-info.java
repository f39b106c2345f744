/**
 * Native plumbing for {@code dev.weft.netlink}: the jnr-ffi libc binding. Not API: only
 * {@code dev.weft.netlink} uses it.
 */
package dev.weft.netlink.internal;
