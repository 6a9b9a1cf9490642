package org.imsemu.sip.transaction;

import java.util.ArrayList;
import java.util.List;
import org.imsemu.sip.message.SipResponse;

/** A client transaction listener that records what it is told, and when. */
final class RecordingListener implements ClientTransactionListener {
    private final SipTimer clock;
    final List<SipResponse> responses = new ArrayList<>();
    final List<Long> timeouts = new ArrayList<>();
    final List<Throwable> transportErrors = new ArrayList<>();

    RecordingListener(SipTimer clock) {
        this.clock = clock;
    }

    @Override
    public void onResponse(ClientTransaction transaction, SipResponse response) {
        responses.add(response);
    }

    @Override
    public void onTimeout(ClientTransaction transaction) {
        timeouts.add(clock.now());
    }

    @Override
    public void onTransportError(ClientTransaction transaction, Throwable cause) {
        transportErrors.add(cause);
    }

    List<Integer> statuses() {
        return responses.stream().map(SipResponse::status).toList();
    }
}
