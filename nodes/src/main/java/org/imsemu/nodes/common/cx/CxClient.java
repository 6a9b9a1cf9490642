package org.imsemu.nodes.common.cx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.AvpContainer;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.Vendors;
import org.imsemu.diameter.node.DiameterNode;

/**
 * The CSCF side of Cx (TS 29.228/29.229): builds UAR, MAR, SAR and LIR towards the home network's HSS
 * (routed by realm) and turns the answers into {@link CxAnswers} values. Futures complete on the
 * Diameter node's thread: callers hop back to their SIP stack thread.
 */
public final class CxClient {
    private static final int AUTH_SESSION_STATE_NO_STATE = 1;

    private final DiameterNode diameter;
    private final String hssRealm;

    public CxClient(DiameterNode diameter, String hssRealm) {
        this.diameter = diameter;
        this.hssRealm = hssRealm;
    }

    public DiameterNode diameter() {
        return diameter;
    }

    /** UAR (I-CSCF, registration): may this user register, and with which S-CSCF? */
    public CompletableFuture<CxAnswers.UserAuthorization> userAuthorization(String impi, String impu, String visitedNetwork,
                                                                          int authorizationType) {
        DiameterMessage uar = request(Commands.USER_AUTHORIZATION)
                .add(BaseAvps.USER_NAME.of(impi))
                .add(CxAvps.PUBLIC_IDENTITY.of(impu))
                .add(CxAvps.VISITED_NETWORK_IDENTIFIER.of(visitedNetwork.getBytes(StandardCharsets.UTF_8)))
                .add(CxAvps.USER_AUTHORIZATION_TYPE.of(authorizationType))
                .build();
        return diameter.send(uar).thenApply(a -> {
            List<Long> mandatory = new ArrayList<>();
            List<Long> optional = new ArrayList<>();
            List<String> names = new ArrayList<>();
            capabilities(a, mandatory, optional, names);
            return new CxAnswers.UserAuthorization(result(a), a.text(CxAvps.SERVER_NAME).orElse(null), mandatory, optional, names);
        });
    }

    /** LIR (I-CSCF, terminating): which S-CSCF serves this public identity? */
    public CompletableFuture<CxAnswers.LocationInfo> locationInfo(String impu) {
        DiameterMessage lir = request(Commands.LOCATION_INFO).add(CxAvps.PUBLIC_IDENTITY.of(impu)).build();
        return diameter.send(lir).thenApply(a -> {
            List<String> names = new ArrayList<>();
            capabilities(a, new ArrayList<>(), new ArrayList<>(), names);
            return new CxAnswers.LocationInfo(result(a), a.text(CxAvps.SERVER_NAME).orElse(null), names);
        });
    }

    /**
     * MAR (S-CSCF): authentication vectors. {@code scheme} is "Digest-AKAv1-MD5", "SIP Digest" or
     * "Unknown"; {@code resync} (RAND||AUTS) asks the HSS to resynchronise first, else null.
     */
    public CompletableFuture<CxAnswers.MultimediaAuth> multimediaAuth(String impi, String impu, String serverName, String scheme,
                                                                    byte[] resync) {
        List<Avp> item = new ArrayList<>();
        item.add(CxAvps.SIP_AUTHENTICATION_SCHEME.of(scheme));
        if (resync != null) item.add(CxAvps.SIP_AUTHORIZATION.of(resync));
        DiameterMessage mar = request(Commands.MULTIMEDIA_AUTH)
                .add(BaseAvps.USER_NAME.of(impi))
                .add(CxAvps.PUBLIC_IDENTITY.of(impu))
                .add(CxAvps.SIP_NUMBER_AUTH_ITEMS.of(1))
                .add(CxAvps.SIP_AUTH_DATA_ITEM.of(item))
                .add(CxAvps.SERVER_NAME.of(serverName))
                .build();
        return diameter.send(mar).thenApply(a -> {
            List<CxAnswers.AuthItem> items = new ArrayList<>();
            for (Avp i : a.all(CxAvps.SIP_AUTH_DATA_ITEM)) items.add(authItem(group(i)));
            return new CxAnswers.MultimediaAuth(result(a), items);
        });
    }

    /** SAR (S-CSCF): registration, re-registration, de-registration...; the answer carries the profile. */
    public CompletableFuture<CxAnswers.ServerAssignment> serverAssignment(String impi, String impu, String serverName,
                                                                        int assignmentType, boolean userDataAlreadyAvailable) {
        DiameterMessage.Builder b = request(Commands.SERVER_ASSIGNMENT)
                .add(CxAvps.PUBLIC_IDENTITY.of(impu))
                .add(CxAvps.SERVER_NAME.of(serverName))
                .add(CxAvps.SERVER_ASSIGNMENT_TYPE.of(assignmentType))
                .add(CxAvps.USER_DATA_ALREADY_AVAILABLE.of(userDataAlreadyAvailable ? 1 : 0));
        if (impi != null) b.add(BaseAvps.USER_NAME.of(impi));
        return diameter.send(b.build()).thenApply(a -> new CxAnswers.ServerAssignment(result(a),
                a.avp(CxAvps.USER_DATA).map(u -> new String(u.asOctetString(), StandardCharsets.UTF_8)).orElse(null)));
    }

    private DiameterMessage.Builder request(org.imsemu.diameter.CommandDefinition command) {
        return command.request()
                .add(BaseAvps.SESSION_ID.of(diameter.newSessionId()))
                .add(BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(Vendors.TGPP),
                        BaseAvps.AUTH_APPLICATION_ID.of(Applications.CX)))
                .add(BaseAvps.AUTH_SESSION_STATE.of(AUTH_SESSION_STATE_NO_STATE))
                .add(BaseAvps.ORIGIN_HOST.of(diameter.originHost()))
                .add(BaseAvps.ORIGIN_REALM.of(diameter.originRealm()))
                .add(BaseAvps.DESTINATION_REALM.of(hssRealm));
    }

    /** Result-Code, else the Experimental-Result-Code inside Experimental-Result, else 0. */
    static long result(DiameterMessage a) {
        return a.resultCode().orElse(0L);
    }

    private static void capabilities(DiameterMessage a, List<Long> mandatory, List<Long> optional, List<String> names) {
        a.avp(CxAvps.SERVER_CAPABILITIES).ifPresent(sc -> {
            AvpContainer c = group(sc);
            c.all(CxAvps.MANDATORY_CAPABILITY).forEach(x -> mandatory.add(x.asUnsigned32()));
            c.all(CxAvps.OPTIONAL_CAPABILITY).forEach(x -> optional.add(x.asUnsigned32()));
            c.all(CxAvps.SERVER_NAME).forEach(x -> names.add(x.asUtf8String()));
        });
    }

    private static AvpContainer group(Avp grouped) {
        List<Avp> members = grouped.asGrouped();
        return () -> members;
    }

    private static CxAnswers.AuthItem authItem(AvpContainer i) {
        String realm = null;
        String algorithm = null;
        String qop = null;
        String ha1 = null;
        var digest = i.avp(CxAvps.SIP_DIGEST_AUTHENTICATE);
        if (digest.isPresent()) {
            AvpContainer d = group(digest.get());
            realm = d.text(CxAvps.DIGEST_REALM).orElse(null);
            algorithm = d.text(CxAvps.DIGEST_ALGORITHM).orElse(null);
            qop = d.text(CxAvps.DIGEST_QOP).orElse(null);
            ha1 = d.text(CxAvps.DIGEST_HA1).orElse(null);
        }
        return new CxAnswers.AuthItem(i.text(CxAvps.SIP_AUTHENTICATION_SCHEME).orElse(null),
                i.avp(CxAvps.SIP_AUTHENTICATE).map(Avp::asOctetString).orElse(null),
                i.avp(CxAvps.SIP_AUTHORIZATION).map(Avp::asOctetString).orElse(null),
                i.avp(CxAvps.CONFIDENTIALITY_KEY).map(Avp::asOctetString).orElse(null),
                i.avp(CxAvps.INTEGRITY_KEY).map(Avp::asOctetString).orElse(null),
                realm, algorithm, qop, ha1);
    }
}
