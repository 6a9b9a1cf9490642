package org.imsemu.hss;

import java.util.Optional;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterException;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.ShAvps;
import org.imsemu.diameter.dictionary.Vendors;

/** Building blocks shared by the Cx and Sh messages of the HSS (TS 29.229 §6.1, TS 29.329 §6.1). */
final class Messages {
    private Messages() {
    }

    static Avp vendorSpecificApplicationId(long applicationId) {
        return BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(Vendors.TGPP),
                BaseAvps.AUTH_APPLICATION_ID.of(applicationId));
    }

    static Avp experimentalResult(long code) {
        return BaseAvps.EXPERIMENTAL_RESULT.of(BaseAvps.VENDOR_ID.of(Vendors.TGPP), BaseAvps.EXPERIMENTAL_RESULT_CODE.of(code));
    }

    /** The head of an answer: Session-Id, Vendor-Specific-Application-Id, the result, Auth-Session-State, Origin. */
    static DiameterMessage.Builder answer(DiameterMessage request, HssConfig config, Long resultCode, Long experimentalCode) {
        DiameterMessage.Builder b = DiameterMessage.answer(request).add(vendorSpecificApplicationId(request.applicationId()));
        if (resultCode != null) b.resultCode(resultCode);
        if (experimentalCode != null) b.add(experimentalResult(experimentalCode));
        return b.add(BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED),
                BaseAvps.ORIGIN_HOST.of(config.originHost()), BaseAvps.ORIGIN_REALM.of(config.realm()));
    }

    static DiameterMessage.Builder success(DiameterMessage request, HssConfig config) {
        return answer(request, config, ResultCodes.DIAMETER_SUCCESS, null);
    }

    /** The answer for a failure thrown while serving a request; null when the node should make it (unexpected errors). */
    static DiameterMessage failure(DiameterMessage request, HssConfig config, Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && !(t instanceof ExperimentalResultException) && !(t instanceof DiameterException)) t = t.getCause();
        if (t instanceof ExperimentalResultException e) {
            return answer(request, config, null, e.code()).add(BaseAvps.ERROR_MESSAGE.of(e.getMessage())).build();
        }
        if (t instanceof DiameterException e) {
            DiameterMessage.Builder b = answer(request, config, e.resultCode(), null).error(ResultCodes.isProtocolError(e.resultCode()))
                    .add(BaseAvps.ERROR_MESSAGE.of(e.getMessage()));
            e.failedAvp().ifPresent(f -> b.add(BaseAvps.FAILED_AVP.of(f)));
            return b.build();
        }
        return null;
    }

    /** A new request of the HSS with the common head: Session-Id, application, Auth-Session-State, Origin, Destination. */
    static DiameterMessage.Builder request(int command, long applicationId, String sessionId, HssConfig config,
                                           String destinationHost, String destinationRealm) {
        DiameterMessage.Builder b = DiameterMessage.request(command, applicationId).proxiable(true)
                .add(BaseAvps.SESSION_ID.of(sessionId), vendorSpecificApplicationId(applicationId),
                        BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED),
                        BaseAvps.ORIGIN_HOST.of(config.originHost()), BaseAvps.ORIGIN_REALM.of(config.realm()));
        if (destinationHost != null) b.add(BaseAvps.DESTINATION_HOST.of(destinationHost));
        return b.add(BaseAvps.DESTINATION_REALM.of(destinationRealm));
    }

    /** The text of a required AVP (5005 DIAMETER_MISSING_AVP when absent). */
    static String requiredText(DiameterMessage m, org.imsemu.diameter.AvpDefinition def) {
        return m.required(def).asUtf8String();
    }

    /** The Public-Identity inside Sh's User-Identity (MSISDN alone is not supported: no MSISDN is provisioned). */
    static String shPublicIdentity(DiameterMessage request) {
        Avp ui = request.required(ShAvps.USER_IDENTITY);
        Optional<String> impu = ui.text(CxAvps.PUBLIC_IDENTITY);
        if (impu.isPresent()) return impu.get();
        throw new ExperimentalResultException(org.imsemu.diameter.dictionary.CxValues.DIAMETER_ERROR_USER_UNKNOWN,
                "User-Identity holds no Public-Identity (MSISDN lookup is not supported)");
    }
}
