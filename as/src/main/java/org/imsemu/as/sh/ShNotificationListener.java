package org.imsemu.as.sh;

import org.imsemu.sip.uri.Uri;

/**
 * Receives the HSS's Push-Notification-Requests (PNR, TS 29.329 §6.1.4) for data the AS subscribed to
 * with {@link ShClient#subscribeRepositoryData}. Called on the Diameter node's event loop: be quick,
 * do not block. The PNA (2001) is sent after every listener returned.
 */
@FunctionalInterface
public interface ShNotificationListener {
    void onNotification(Uri publicIdentity, ShData data);
}
