package dev.weft.ipam;

import java.util.Objects;

/**
 * Who holds a lease: the CNI attachment (container ID + interface name, CNI SPEC §3 "an
 * attachment is identified by (CNI_CONTAINERID, CNI_IFNAME)") and, for humans and GC, the Pod.
 *
 * @param containerId {@code CNI_CONTAINERID}: non-empty, starts alphanumeric, then
 *     {@code [A-Za-z0-9_.-]} (CNI SPEC §2 Parameters)
 * @param ifName {@code CNI_IFNAME} inside the container: 1–15 bytes, no {@code /}, {@code :} or
 *     whitespace
 * @param podNamespace Pod namespace ({@code K8S_POD_NAMESPACE}), or "" when unknown
 * @param podName Pod name ({@code K8S_POD_NAME}), or "" when unknown
 */
public record LeaseOwner(String containerId, String ifName, String podNamespace, String podName) {

    public LeaseOwner {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(ifName, "ifName");
        Objects.requireNonNull(podNamespace, "podNamespace");
        Objects.requireNonNull(podName, "podName");
        if (!validContainerId(containerId)) {
            throw new IllegalArgumentException("invalid container ID '" + containerId + "'");
        }
        if (!validIfName(ifName)) {
            throw new IllegalArgumentException("invalid interface name '" + ifName + "'");
        }
        checkPlain("podNamespace", podNamespace);
        checkPlain("podName", podName);
    }

    /** An owner without Pod metadata. */
    public static LeaseOwner of(String containerId, String ifName) {
        return new LeaseOwner(containerId, ifName, "", "");
    }

    /** True if this owner is the attachment {@code (containerId, ifName)}. */
    public boolean is(String containerId, String ifName) {
        return this.containerId.equals(containerId) && this.ifName.equals(ifName);
    }

    /** CNI SPEC §2: non-empty, alphanumeric first, then {@code [A-Za-z0-9_.-]}. */
    static boolean validContainerId(String s) {
        if (s.isEmpty() || !isAlnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Linux interface name rules (IFNAMSIZ − 1 = 15 bytes, not "." or "..", no '/', ':' or space). */
    static boolean validIfName(String s) {
        if (s.isEmpty() || s.length() > 15 || s.equals(".") || s.equals("..")) {
            return false;
        }
        return s.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x21 || c > 0x7e);
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static void checkPlain(String field, String value) {
        if (value.length() > 253 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("invalid " + field + " '" + value + "'");
        }
    }
}
