package org.imsemu.ue;

/**
 * Events of a {@link UserEquipment}, delivered on its SIP stack thread: implementations must return
 * quickly and must not block (hand work to another thread). Every method has a default.
 */
public interface UeListener {

    /** A registration procedure finished (initial, refresh, de-registration), successfully or not. */
    default void onRegistration(Registration registration) {
    }

    /** An incoming call, after the answer policy has been applied (it may already be ringing). */
    default void onIncomingCall(Call call) {
    }

    default void onCallAnswered(Call call) {
    }

    default void onCallEnded(Call call, CallEnd end) {
    }

    /**
     * The network ended this UE's registration: a reg event NOTIFY (RFC 3680) said its contact is
     * terminated ({@code event}: deactivated, rejected, expired, unregistered, probation). The UE no longer
     * counts as registered and stops refreshing; registering again is up to the application.
     */
    default void onNetworkDeregistration(org.imsemu.sip.event.RegInfo.ContactEvent event, org.imsemu.sip.event.RegInfo info) {
    }

    /** A page-mode MESSAGE (RFC 3428) arrived; the UE has answered it with 200. */
    default void onMessage(IncomingMessage message) {
    }
}
