package dev.weft.it.bgp.matrix;

/** The interop matrix against GoBGP 3.10. */
class GoBgpMatrixTest extends AbstractInteropMatrix {
    @Override
    String tag() {
        return "gobgp";
    }

    @Override
    DaemonHarness newDaemon() {
        return new GoBgpHarness();
    }
}
