package dev.weft.bgp.fsm;

/**
 * BGP session states (RFC 4271 §8.2.2).
 */
public enum State {
    IDLE("Idle"),
    CONNECT("Connect"),
    ACTIVE("Active"),
    OPEN_SENT("OpenSent"),
    OPEN_CONFIRM("OpenConfirm"),
    ESTABLISHED("Established");

    private final String rfcName;

    State(String rfcName) {
        this.rfcName = rfcName;
    }

    /** The RFC's name, e.g. "OpenConfirm". */
    public String rfcName() {
        return rfcName;
    }
}
