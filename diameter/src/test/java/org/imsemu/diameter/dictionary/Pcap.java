package org.imsemu.diameter.dictionary;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** A minimal classic pcap (LINKTYPE_RAW) with synthetic IPv4/TCP headers: one segment per message, client to port 3868. */
final class Pcap {
    private Pcap() {
    }

    static byte[] tcpToPort3868(List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer gh = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        gh.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        out.writeBytes(gh.array());
        int seq = 1000;
        int t = 1_700_000_000;
        for (byte[] p : payloads) {
            int total = 40 + p.length;
            ByteBuffer pkt = ByteBuffer.allocate(total);
            pkt.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 1).putShort((short) 0x4000)
                    .put((byte) 64).put((byte) 6).putShort((short) 0).put(new byte[] {127, 0, 95, 1}).put(new byte[] {127, 0, 95, 2});
            pkt.putShort((short) 40000).putShort((short) 3868).putInt(seq).putInt(1).put((byte) 0x50).put((byte) 0x18)
                    .putShort((short) 65535).putShort((short) 0).putShort((short) 0).put(p);
            seq += p.length;
            ByteBuffer rh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rh.putInt(t++).putInt(0).putInt(total).putInt(total);
            out.writeBytes(rh.array());
            out.writeBytes(pkt.array());
        }
        return out.toByteArray();
    }
}
