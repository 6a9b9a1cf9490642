package org.imsemu.hss;

import static org.imsemu.diameter.dictionary.CxValues.*;

import java.util.Optional;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterException;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.CxValues;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.HssDatabase.Assignment;
import org.imsemu.hss.store.RegistrationState;
import org.imsemu.hss.store.Subscription;

/**
 * The I-CSCF and S-CSCF facing procedures of TS 29.228 §6.1 that read and write registration state:
 * UAR (§6.1.1), SAR (§6.1.2) and LIR (§6.1.4). Blocking: runs on the HSS's database executor.
 */
final class CxService {
    private static final System.Logger LOG = System.getLogger(CxService.class.getName());

    private final HssConfig config;
    private final HssDatabase db;
    private final RegistrationListener listener;

    /** Told when SAR changes the registration state of an implicit set (Sh subscriptions to IMSUserState). */
    interface RegistrationListener {
        void onRegistrationChange(Subscription s);
    }

    CxService(HssConfig config, HssDatabase db, RegistrationListener listener) {
        this.config = config;
        this.db = db;
        this.listener = listener;
    }

    /** The subscription of a Public-Identity, checked against User-Name when one is given. */
    Subscription subscription(String impu, String impi) {
        Subscription s = db.byImpu(impu).orElseThrow(() -> new ExperimentalResultException(DIAMETER_ERROR_USER_UNKNOWN,
                "unknown public identity " + impu));
        if (impi != null && !s.impi().equals(impi)) {
            if (db.byImpi(impi).isEmpty()) throw new ExperimentalResultException(DIAMETER_ERROR_USER_UNKNOWN, "unknown private identity " + impi);
            throw new ExperimentalResultException(DIAMETER_ERROR_IDENTITIES_DONT_MATCH, impu + " does not belong to " + impi);
        }
        return s;
    }

    private Assignment assignment(String impu) {
        return db.assignment(impu).orElseThrow(() -> new ExperimentalResultException(DIAMETER_ERROR_USER_UNKNOWN, "unknown " + impu));
    }

    DiameterMessage uar(DiameterMessage r) {
        String impu = Messages.requiredText(r, CxAvps.PUBLIC_IDENTITY);
        String impi = Messages.requiredText(r, BaseAvps.USER_NAME);
        long type = r.number(CxAvps.USER_AUTHORIZATION_TYPE).orElse((long) UAT_REGISTRATION);
        subscription(impu, impi);
        Assignment a = assignment(impu);
        if (type == UAT_DE_REGISTRATION) {
            if (a.scscf() == null) throw new ExperimentalResultException(DIAMETER_ERROR_IDENTITY_NOT_REGISTERED, impu + " has no S-CSCF");
            return Messages.success(r, config).add(CxAvps.SERVER_NAME.of(a.scscf())).build();
        }
        if (type == UAT_REGISTRATION && a.scscf() != null) {
            // registered, unregistered, or authentication pending at an S-CSCF: keep using that one
            return Messages.answer(r, config, null, DIAMETER_SUBSEQUENT_REGISTRATION).add(CxAvps.SERVER_NAME.of(a.scscf())).build();
        }
        if (type != UAT_REGISTRATION && type != UAT_REGISTRATION_AND_CAPABILITIES) {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_VALUE, "User-Authorization-Type " + type, r.avp(CxAvps.USER_AUTHORIZATION_TYPE).get());
        }
        return Messages.answer(r, config, null, DIAMETER_FIRST_REGISTRATION).add(serverCapabilities()).build();
    }

    Avp serverCapabilities() {
        ServerCapabilities c = config.serverCapabilities();
        java.util.List<Avp> members = new java.util.ArrayList<>();
        for (int m : c.mandatory()) members.add(CxAvps.MANDATORY_CAPABILITY.of(m));
        for (int o : c.optional()) members.add(CxAvps.OPTIONAL_CAPABILITY.of(o));
        for (String n : c.serverNames()) members.add(CxAvps.SERVER_NAME.of(n));
        return CxAvps.SERVER_CAPABILITIES.of(members);
    }

    DiameterMessage sar(DiameterMessage r) {
        String serverName = Messages.requiredText(r, CxAvps.SERVER_NAME);
        long type = r.required(CxAvps.SERVER_ASSIGNMENT_TYPE).asEnumerated();
        long already = r.number(CxAvps.USER_DATA_ALREADY_AVAILABLE).orElse((long) USER_DATA_NOT_AVAILABLE);
        Optional<String> impi = r.text(BaseAvps.USER_NAME);
        Optional<String> impu = r.text(CxAvps.PUBLIC_IDENTITY);
        Subscription s;
        if (impu.isPresent()) {
            s = subscription(impu.get(), impi.orElse(null));
        } else if (impi.isPresent()) {
            s = db.byImpi(impi.get()).orElseThrow(() -> new ExperimentalResultException(DIAMETER_ERROR_USER_UNKNOWN, "unknown private identity " + impi.get()));
        } else {
            throw new DiameterException(ResultCodes.DIAMETER_MISSING_AVP, "SAR needs Public-Identity or User-Name", CxAvps.PUBLIC_IDENTITY.placeholder());
        }
        String key = s.defaultImpu();
        Assignment before = assignment(key);
        String originHost = r.text(BaseAvps.ORIGIN_HOST).orElse(null);
        boolean sendData = false;
        switch ((int) type) {
            case REGISTRATION, RE_REGISTRATION -> {
                db.assign(key, RegistrationState.REGISTERED, serverName, originHost);
                sendData = true;
            }
            case UNREGISTERED_USER -> {
                db.assign(key, RegistrationState.UNREGISTERED, serverName, originHost);
                sendData = true;
            }
            case TIMEOUT_DEREGISTRATION, USER_DEREGISTRATION, ADMINISTRATIVE_DEREGISTRATION, DEREGISTRATION_TOO_MUCH_DATA ->
                    db.assign(key, RegistrationState.NOT_REGISTERED, null, null);
            case TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME, USER_DEREGISTRATION_STORE_SERVER_NAME ->
                    db.assign(key, RegistrationState.NOT_REGISTERED, serverName, originHost);
            case AUTHENTICATION_FAILURE, AUTHENTICATION_TIMEOUT -> {
                // a failed re-authentication of a registered user leaves the registration alone (§6.1.2)
                if (before.state() != RegistrationState.REGISTERED) db.assign(key, RegistrationState.NOT_REGISTERED, null, null);
            }
            case NO_ASSIGNMENT -> {
                if (before.scscf() == null || !before.scscf().equalsIgnoreCase(serverName)) {
                    throw new DiameterException(ResultCodes.DIAMETER_UNABLE_TO_COMPLY,
                            serverName + " is not the S-CSCF assigned to " + key + " (" + before.scscf() + ")");
                }
                sendData = true;
            }
            default -> throw new ExperimentalResultException(DIAMETER_ERROR_IN_ASSIGNMENT_TYPE, "Server-Assignment-Type " + type + " is not supported");
        }
        Assignment after = assignment(key);
        if (!after.equals(before)) {
            LOG.log(System.Logger.Level.DEBUG, () -> s.impi() + ": " + before + " -> " + after);
            listener.onRegistrationChange(s);
        }
        DiameterMessage.Builder b = Messages.success(r, config).add(BaseAvps.USER_NAME.of(s.impi()));
        if (sendData && already != USER_DATA_ALREADY_AVAILABLE) {
            b.add(CxAvps.USER_DATA.of(UserDataXml.imsSubscription(s).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    DiameterMessage lir(DiameterMessage r) {
        String impu = Messages.requiredText(r, CxAvps.PUBLIC_IDENTITY);
        Subscription s = subscription(impu, null);
        Assignment a = assignment(impu);
        if (a.state() != RegistrationState.NOT_REGISTERED && a.scscf() != null) {
            return Messages.success(r, config).add(CxAvps.SERVER_NAME.of(a.scscf())).build();
        }
        if (!UserDataXml.hasUnregisteredServices(s)) {
            throw new ExperimentalResultException(DIAMETER_ERROR_IDENTITY_NOT_REGISTERED, impu + " is not registered and has no unregistered services");
        }
        DiameterMessage.Builder b = Messages.answer(r, config, null, CxValues.DIAMETER_UNREGISTERED_SERVICE);
        return (a.scscf() != null ? b.add(CxAvps.SERVER_NAME.of(a.scscf())) : b.add(serverCapabilities())).build();
    }
}
