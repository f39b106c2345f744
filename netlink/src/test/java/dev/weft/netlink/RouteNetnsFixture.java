package dev.weft.netlink;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Shared setup of the route kernel tests: one namespace {@code weft-tn-<name>} per test class
 * (leftovers of that name deleted first, the namespace deleted after the class), with a veth
 * v0/v1 (10.99.0.1/24 and fd99::1/64 on v0, both ends up), the links a subclass adds in {@link
 * #addLinks}, and a {@link Netlink} socket in it; before each test every route of protocol 87
 * ({@value #WEFT}) and {@code static}, IPv4 and IPv6, is flushed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RouteNetnsFixture {
    static final int WEFT = 87;
    private final String name;
    TestNetns ns;
    Netlink nl;

    /** @param name the namespace's suffix after {@code weft-tn-} */
    RouteNetnsFixture(String name) {
        this.name = name;
    }

    /** Adds links and addresses beyond v0/v1; returns the links to bring up. */
    List<String> addLinks() {
        return List.of();
    }

    @BeforeAll
    final void createNamespace() {
        assumeTrue(TestNetns.isRoot(), "kernel tests need root");
        TestNetns.cleanupLeftovers(TestNetns.PREFIX + name);
        ns = TestNetns.create(name);
        ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ns.ip("addr", "add", "10.99.0.1/24", "dev", "v0");
        ns.ip("-6", "addr", "add", "fd99::1/64", "dev", "v0", "nodad");
        List<String> up = new ArrayList<>(List.of("v0", "v1"));
        up.addAll(addLinks());
        for (String l : up) {
            ns.ip("link", "set", l, "up");
        }
        nl = Netlink.openIn(ns.path());
    }

    @AfterAll
    final void deleteNamespace() {
        if (nl != null) {
            nl.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    @BeforeEach
    final void flushRoutes() {
        ns.ip("route", "flush", "proto", "87");
        ns.ip("-6", "route", "flush", "proto", "87");
        ns.ip("route", "flush", "proto", "static");
        ns.ip("-6", "route", "flush", "proto", "static");
    }
}
