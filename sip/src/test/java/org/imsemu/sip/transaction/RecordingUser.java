package org.imsemu.sip.transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.imsemu.sip.transport.InboundMessage;

/** A TU that records every callback; an optional hook answers new requests synchronously. */
final class RecordingUser implements TransactionUser {
    final List<ServerTransaction> requests = new ArrayList<>();
    final List<ServerTransaction> cancels = new ArrayList<>();
    final List<InboundMessage> acks = new ArrayList<>();
    final List<InboundMessage> strays = new ArrayList<>();
    final List<ServerTransaction> transportErrors = new ArrayList<>();
    Consumer<ServerTransaction> onRequestHook = tx -> { };

    @Override
    public void onRequest(ServerTransaction transaction) {
        requests.add(transaction);
        onRequestHook.accept(transaction);
    }

    @Override
    public void onCancel(ServerTransaction invite) {
        cancels.add(invite);
    }

    @Override
    public void onAck(InboundMessage ack) {
        acks.add(ack);
    }

    @Override
    public void onStrayResponse(InboundMessage response) {
        strays.add(response);
    }

    @Override
    public void onTransportError(ServerTransaction transaction, Throwable cause) {
        transportErrors.add(transaction);
    }

    ServerTransaction lastRequest() {
        if (requests.isEmpty()) throw new AssertionError("the TU saw no request");
        return requests.get(requests.size() - 1);
    }
}
