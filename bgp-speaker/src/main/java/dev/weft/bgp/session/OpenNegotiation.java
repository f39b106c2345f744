package dev.weft.bgp.session;

import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpFrameDecoder;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.OpenMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The OPEN exchange's effect on the connection: the peer's OPEN is validated against our
 * {@link SessionConfig} ({@link OpenValidator}) and the channel's {@link CodecOptions} are set
 * from the result for every message decoded or encoded after it: 4-octet AS (RFC 6793),
 * {@code externalPeer} (the RFC 7606 eBGP rules), Extended Message (RFC 8654: also the frame
 * decoder, §4), the negotiated families (MP_REACH/MP_UNREACH of others are discarded, RFC 4760
 * §8) and our own addresses for the NEXT_HOP semantic check (RFC 4271 §6.3, RFC 7606 §7.3, §7.11).
 * Call on the channel's event loop.
 */
final class OpenNegotiation {
    private OpenNegotiation() {}

    /**
     * Validates {@code open} (received in OpenSent) and sets the channel's codec options; the
     * connection's local address becomes the first own address.
     *
     * @return the negotiated session
     * @throws BgpWireException the OPEN is not acceptable: its NOTIFICATION (2/x, RFC 4271 §6.2);
     *     the codec options are then left unchanged
     */
    static NegotiatedSession negotiate(ChannelHandlerContext ctx, OpenMessage open, SessionConfig config)
            throws BgpWireException {
        NegotiatedSession n = OpenValidator.validate(open, config);
        CodecOptions options = new CodecOptions(n.fourOctetAs()).withExternalPeer(config.ebgp())
                .withExtendedMessage(n.extendedMessage()).withFamilies(n.families()); // RFC 4760 §8
        if (ctx.channel().localAddress() instanceof InetSocketAddress local) {
            options = options.withLocalAddresses(List.of(local.getAddress()));
        }
        BgpChannels.setOptions(ctx.channel(), options);
        if (n.extendedMessage() && ctx.pipeline().get(BgpChannels.FRAME_DECODER) != null) {
            BgpFrameDecoder.enableExtendedMessages(ctx.pipeline()); // RFC 8654 §4
        }
        return n;
    }

    /** Adds {@code addresses} to the own addresses of {@code channel}'s codec options. */
    static void addLocalAddresses(Channel channel, Collection<? extends InetAddress> addresses) {
        CodecOptions o = BgpChannels.options(channel);
        Set<InetAddress> all = new HashSet<>(o.localAddresses());
        all.addAll(addresses);
        BgpChannels.setOptions(channel, o.withLocalAddresses(all));
    }
}
