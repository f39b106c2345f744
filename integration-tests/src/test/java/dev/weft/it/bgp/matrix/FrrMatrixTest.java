package dev.weft.it.bgp.matrix;

/** The interop matrix against FRR 8.4 (zebra + bgpd). */
class FrrMatrixTest extends AbstractInteropMatrix {
    @Override
    String tag() {
        return "frr";
    }

    @Override
    DaemonHarness newDaemon() {
        return new FrrHarness();
    }
}
