package org.imsemu.diameter.node;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.imsemu.diameter.ResultCodes;

/**
 * Cuts the TCP stream into messages by the Message Length field (RFC 6733 §3). A header that cannot
 * delimit a message (version other than 1, length not a multiple of 4, shorter than a header or
 * absurdly large) loses the framing for good: the decoder hands up a {@link FramingError} once and
 * discards everything after it, and the connection is closed.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    static final int MAX_MESSAGE = 1 << 20;

    /** Bytes that cannot be framed, with the Result-Code that describes why. */
    record FramingError(byte[] bytes, long resultCode) {
    }

    private boolean broken;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= 4) {
            int r = in.readerIndex();
            int version = in.getUnsignedByte(r);
            int length = in.getUnsignedMedium(r + 1);
            long error = version != 1 ? ResultCodes.DIAMETER_UNSUPPORTED_VERSION
                    : length < 20 || length % 4 != 0 || length > MAX_MESSAGE ? ResultCodes.DIAMETER_INVALID_MESSAGE_LENGTH : 0;
            if (error != 0) {
                broken = true;
                out.add(new FramingError(ByteBufUtil.getBytes(in, r, Math.min(in.readableBytes(), 4096)), error));
                in.skipBytes(in.readableBytes());
                return;
            }
            if (in.readableBytes() < length) return;
            byte[] frame = new byte[length];
            in.readBytes(frame);
            out.add(frame);
        }
    }
}
