package org.imsemu.diameter.node;

import java.util.concurrent.CompletionStage;
import org.imsemu.diameter.DiameterMessage;

/**
 * Serves the requests of one command of one application. Called on the node's event loop; may answer
 * later from any thread (the node hops back). Build the answer with {@link DiameterMessage#answer}; the
 * node fills in identifiers, Origin-Host and Origin-Realm. A {@link org.imsemu.diameter.DiameterException}
 * thrown or completing the stage becomes an error answer with its Result-Code and Failed-AVP.
 */
@FunctionalInterface
public interface RequestHandler {
    CompletionStage<DiameterMessage> onRequest(DiameterMessage request, PeerInfo peer);
}
