package dev.weft.dataplane.iptables.ipset;

import dev.weft.common.net.IpAddresses;
import dev.weft.model.ipset.IpSetMember;
import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One canonical text per set member, so that desired members and members read back from the kernel
 * compare as strings: addresses in RFC 5952 form (IPv6 lower case, longest run of two or more zero
 * groups as {@code ::}), a {@code hash:net} prefix without its length when it is a host prefix (as
 * {@code ipset save} prints it), then {@code ,proto:port} or {@code " nomatch"}.
 */
public final class MemberText {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private MemberText() {}

    /** The canonical text of a desired member. */
    public static String canonical(IpSetMember member) {
        if (member instanceof IpSetMember.Address a) {
            return IpAddresses.toText(a.address());
        } else if (member instanceof IpSetMember.Net n) {
            InetAddress addr = n.prefix().address();
            int max = addr.getAddress().length * 8;
            return IpAddresses.toText(addr) + (n.prefix().length() == max ? "" : "/" + n.prefix().length()) + (n.nomatch() ? " nomatch" : "");
        }
        IpSetMember.AddressPort p = (IpSetMember.AddressPort) member;
        return IpAddresses.toText(p.address()) + "," + p.protocol().keyword() + ":" + p.port();
    }

    /**
     * The canonical text of a member as {@code ipset save} / libipset print it (e.g.
     * {@code fd00::1,tcp:80}, {@code 10.0.0.0/8 nomatch}); unknown trailing options are dropped.
     *
     * @throws IllegalArgumentException if the address part is not an IP literal
     */
    public static String canonical(String kernelText) {
        if (isPlainIpv4(kernelText)) {
            // The common case, already canonical: a dotted quad as the kernel prints it.
            return kernelText;
        }
        String[] words = SPACES.split(kernelText.trim());
        boolean nomatch = false;
        for (int i = 1; i < words.length; i++) {
            nomatch |= words[i].equals("nomatch");
        }
        String main = words[0];
        String suffix = "";
        int comma = main.indexOf(',');
        if (comma >= 0) {
            suffix = main.substring(comma).toLowerCase(Locale.ROOT);
            main = main.substring(0, comma);
        }
        int slash = main.indexOf('/');
        InetAddress addr = IpAddresses.parse(slash < 0 ? main : main.substring(0, slash));
        String length = "";
        if (slash >= 0) {
            int len = Integer.parseInt(main.substring(slash + 1));
            if (len != addr.getAddress().length * 8) {
                length = "/" + len;
            }
        }
        return IpAddresses.toText(addr) + length + suffix + (nomatch ? " nomatch" : "");
    }

    private static boolean isPlainIpv4(String s) {
        int dots = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (digits == 0 || digits > 3) {
                    return false;
                }
                dots++;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 0 && c == '0' && i + 1 < s.length() && s.charAt(i + 1) != '.') {
                    return false;
                }
                digits++;
            } else {
                return false;
            }
        }
        return dots == 3 && digits >= 1 && digits <= 3 && IpAddresses.parseIpv4(s) != null;
    }

}
