package dev.weft.it.bgp.matrix;

/** The interop matrix against BIRD 2.0.12. */
class BirdMatrixTest extends AbstractInteropMatrix {
    @Override
    String tag() {
        return "bird";
    }

    @Override
    DaemonHarness newDaemon() {
        return new BirdHarness();
    }
}
