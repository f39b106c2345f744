package dev.weft.it.bgp.matrix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders the daemon configuration templates under {@code src/test/resources/bgp/}: {@code ${KEY}} → value. */
final class Templates {
    private static final Pattern KEY = Pattern.compile("\\$\\{([A-Z_0-9]+)}");

    private Templates() {}

    /** Common values of a {@link PeerSetup}: AF, DAEMON_IP, SPEAKER_IP, DAEMON_AS, WEFT_AS, HOLD, KEEPALIVE, ROUTER_ID, DAEMON_ROUTE. */
    static Map<String, String> values(PeerSetup s) {
        Map<String, String> v = new HashMap<>();
        v.put("AF", s.family().af);
        v.put("DAEMON_IP", s.family().daemonIp());
        v.put("SPEAKER_IP", s.family().speakerIp());
        v.put("DAEMON_AS", Long.toString(s.daemonAs()));
        v.put("WEFT_AS", Long.toString(s.weftAs()));
        v.put("HOLD", Integer.toString(s.holdTime()));
        v.put("KEEPALIVE", Integer.toString(s.keepalive()));
        v.put("ROUTER_ID", s.daemonRouterId());
        v.put("DAEMON_ROUTE", s.family().daemonRoute.toString());
        return v;
    }

    /** The template {@code bgp/<name>} with every key replaced; an unknown key is an error. */
    static String render(String name, Map<String, String> values) {
        String text;
        try (InputStream in = Templates.class.getResourceAsStream("/bgp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no template bgp/" + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Matcher m = KEY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template bgp/" + name + ": no value for " + m.group(0));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
