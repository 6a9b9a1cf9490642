package org.imsemu.diameter.node;

/** Told when a peer connection opens (after CER/CEA) and when it goes down. Called on the node's loop. */
public interface PeerListener {
    default void onPeerUp(PeerInfo peer) {
    }

    default void onPeerDown(PeerInfo peer, String reason) {
    }
}
