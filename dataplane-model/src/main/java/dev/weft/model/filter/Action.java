package dev.weft.model.filter;

/** What happens when a {@link Rule} matches, or when no policy of an {@link EndpointChain} allowed. */
public sealed interface Action {
    /** The singleton {@link Allow}. */
    Action ALLOW = new Allow();
    /** The singleton {@link Deny}. */
    Action DENY = new Deny();

    /**
     * This direction allows the packet: stop evaluating this endpoint chain and let the packet go on
     * to the other direction's check. (iptables rendering: set the "allowed" mark bit and
     * {@code RETURN}; the endpoint chain returns when the bit is set after a policy chain.)
     */
    record Allow() implements Action {}

    /** Drop the packet ({@code DROP}). */
    record Deny() implements Action {}
}
