package org.imsemu.diameter.node;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;

/** A hand-driven Diameter peer on a plain socket, for sending what a well-behaved node would not. */
final class RawPeer implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawPeer(String localIp, InetSocketAddress remote) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        socket.connect(remote, 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawPeer(Socket accepted) throws IOException {
        socket = accepted;
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(DiameterMessage m) throws IOException {
        write(m.encode());
    }

    /** The next message, or null at end of stream. */
    DiameterMessage read() throws IOException {
        byte[] head = new byte[4];
        try {
            in.readFully(head);
        } catch (EOFException e) {
            return null;
        }
        int len = ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        byte[] all = new byte[len];
        System.arraycopy(head, 0, all, 0, 4);
        in.readFully(all, 4, len - 4);
        return DiameterMessage.decode(all);
    }

    /** Reads until the node closes the connection; true if it did within the socket timeout. */
    boolean closedByNode() throws IOException {
        try {
            while (read() != null) {
                // skip whatever comes before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    static DiameterMessage cer(String host, String realm, boolean withHostIp, long... authApps) throws IOException {
        DiameterMessage.Builder b = Commands.CAPABILITIES_EXCHANGE.request().hopByHop(1).endToEnd(1)
                .add(BaseAvps.ORIGIN_HOST.of(host), BaseAvps.ORIGIN_REALM.of(realm));
        if (withHostIp) b.add(BaseAvps.HOST_IP_ADDRESS.of(InetAddress.getByName("127.0.95.99")));
        b.add(BaseAvps.VENDOR_ID.of(0), BaseAvps.PRODUCT_NAME.of("raw"));
        for (long a : authApps) {
            b.add(BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(10415), BaseAvps.AUTH_APPLICATION_ID.of(a)));
        }
        return b.build();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
