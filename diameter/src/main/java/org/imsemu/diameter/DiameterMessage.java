package org.imsemu.diameter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A Diameter message (RFC 6733 §3), immutable: version 1, flags R/P/E/T, command code, application id,
 * hop-by-hop and end-to-end identifiers and the AVPs in order. Build with {@link #request} or
 * {@link #answer}; the {@code with...} methods return modified copies sharing the AVPs.
 */
public final class DiameterMessage implements AvpContainer {
    public static final int FLAG_R = 0x80;
    public static final int FLAG_P = 0x40;
    public static final int FLAG_E = 0x20;
    public static final int FLAG_T = 0x10;
    public static final int RESERVED_FLAGS = 0x0f;

    static final int SESSION_ID = 263;
    static final int RESULT_CODE = 268;
    static final int EXPERIMENTAL_RESULT = 297;
    static final int EXPERIMENTAL_RESULT_CODE = 298;

    private final int flags;
    private final int commandCode;
    private final long applicationId;
    private final int hopByHop;
    private final int endToEnd;
    private final List<Avp> avps;

    DiameterMessage(int flags, int commandCode, long applicationId, int hopByHop, int endToEnd, List<Avp> avps) {
        if (commandCode < 0 || commandCode > 0xffffff) throw new IllegalArgumentException("command code " + commandCode);
        if (applicationId < 0 || applicationId > 0xffff_ffffL) throw new IllegalArgumentException("application id " + applicationId);
        this.flags = flags & 0xff;
        this.commandCode = commandCode;
        this.applicationId = applicationId;
        this.hopByHop = hopByHop;
        this.endToEnd = endToEnd;
        this.avps = avps;
    }

    /** A request builder (R bit set). */
    public static Builder request(int commandCode, long applicationId) {
        return new Builder(FLAG_R, commandCode, applicationId);
    }

    /**
     * An answer builder for {@code request}: same command, application, identifiers and P bit
     * (RFC 6733 §6.2), Session-Id copied first when the request has one.
     */
    public static Builder answer(DiameterMessage request) {
        Builder b = new Builder(request.flags & FLAG_P, request.commandCode, request.applicationId)
                .hopByHop(request.hopByHop).endToEnd(request.endToEnd);
        request.avp(SESSION_ID, 0).ifPresent(b::add);
        return b;
    }

    public static DiameterMessage decode(byte[] bytes) {
        return DiameterCodec.decode(bytes);
    }

    public byte[] encode() {
        return DiameterCodec.encode(this);
    }

    public int flags() {
        return flags;
    }

    public boolean isRequest() {
        return (flags & FLAG_R) != 0;
    }

    public boolean isProxiable() {
        return (flags & FLAG_P) != 0;
    }

    public boolean isError() {
        return (flags & FLAG_E) != 0;
    }

    public boolean isRetransmission() {
        return (flags & FLAG_T) != 0;
    }

    public int version() {
        return 1;
    }

    public int commandCode() {
        return commandCode;
    }

    public long applicationId() {
        return applicationId;
    }

    public int hopByHop() {
        return hopByHop;
    }

    public int endToEnd() {
        return endToEnd;
    }

    @Override
    public List<Avp> avps() {
        return avps;
    }

    /** Result-Code, or else the Experimental-Result-Code inside Experimental-Result. */
    public Optional<Long> resultCode() {
        Optional<Avp> rc = avp(RESULT_CODE, 0);
        if (rc.isPresent()) return Optional.of(rc.get().asUnsigned32());
        return avp(EXPERIMENTAL_RESULT, 0).flatMap(er -> er.avp(EXPERIMENTAL_RESULT_CODE, 0)).map(Avp::asUnsigned32);
    }

    public Optional<String> sessionId() {
        return avp(SESSION_ID, 0).map(Avp::asUtf8String);
    }

    public DiameterMessage withHopByHop(int id) {
        return new DiameterMessage(flags, commandCode, applicationId, id, endToEnd, avps);
    }

    public DiameterMessage withEndToEnd(int id) {
        return new DiameterMessage(flags, commandCode, applicationId, hopByHop, id, avps);
    }

    public DiameterMessage withFlag(int flag, boolean set) {
        return new DiameterMessage(set ? flags | flag : flags & ~flag, commandCode, applicationId, hopByHop, endToEnd, avps);
    }

    /** A copy with {@code extra} inserted at {@code index} (0 = first). */
    public DiameterMessage withAvp(int index, Avp extra) {
        List<Avp> l = new ArrayList<>(avps);
        l.add(index, extra);
        return new DiameterMessage(flags, commandCode, applicationId, hopByHop, endToEnd, List.copyOf(l));
    }

    public DiameterMessage withAvp(Avp extra) {
        return withAvp(avps.size(), extra);
    }

    public Builder toBuilder() {
        return new Builder(flags, commandCode, applicationId).hopByHop(hopByHop).endToEnd(endToEnd).addAll(avps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiameterMessage m && m.flags == flags && m.commandCode == commandCode
                && m.applicationId == applicationId && m.hopByHop == hopByHop && m.endToEnd == endToEnd && m.avps.equals(avps);
    }

    @Override
    public int hashCode() {
        return ((commandCode * 31 + hopByHop) * 31 + endToEnd) * 31 + avps.hashCode();
    }

    @Override
    public String toString() {
        return (isRequest() ? "Request" : "Answer") + "(cmd=" + commandCode + " app=" + applicationId
                + " flags=" + (isRequest() ? "R" : "") + (isProxiable() ? "P" : "") + (isError() ? "E" : "") + (isRetransmission() ? "T" : "")
                + " hbh=0x" + Integer.toHexString(hopByHop) + " e2e=0x" + Integer.toHexString(endToEnd)
                + " avps=" + avps.size() + resultCode().map(rc -> " result=" + rc).orElse("") + ")";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private int flags;
        private final int commandCode;
        private final long applicationId;
        private int hopByHop;
        private int endToEnd;
        private final List<Avp> avps = new ArrayList<>();

        private Builder(int flags, int commandCode, long applicationId) {
            this.flags = flags;
            this.commandCode = commandCode;
            this.applicationId = applicationId;
        }

        public Builder proxiable(boolean p) {
            return flag(FLAG_P, p);
        }

        /** The E bit; set it for protocol errors (3xxx) only. */
        public Builder error(boolean e) {
            return flag(FLAG_E, e);
        }

        public Builder flag(int flag, boolean set) {
            flags = set ? flags | flag : flags & ~flag;
            return this;
        }

        public Builder hopByHop(int id) {
            hopByHop = id;
            return this;
        }

        public Builder endToEnd(int id) {
            endToEnd = id;
            return this;
        }

        public Builder add(Avp avp) {
            avps.add(avp);
            return this;
        }

        public Builder add(Avp... more) {
            for (Avp a : more) avps.add(a);
            return this;
        }

        public Builder addAll(Collection<Avp> more) {
            avps.addAll(more);
            return this;
        }

        /** Adds a Result-Code AVP (mandatory, base protocol). */
        public Builder resultCode(long code) {
            return add(Avp.unsigned32(RESULT_CODE, 0, true, code));
        }

        public DiameterMessage build() {
            return new DiameterMessage(flags, commandCode, applicationId, hopByHop, endToEnd, List.copyOf(avps));
        }
    }
}
