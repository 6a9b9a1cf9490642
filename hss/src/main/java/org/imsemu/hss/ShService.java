package org.imsemu.hss;

import static org.imsemu.diameter.dictionary.CxValues.*;
import static org.imsemu.diameter.dictionary.ShAvps.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterException;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.ShAvps;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.HssDatabase.Assignment;
import org.imsemu.hss.store.HssDatabase.RepositoryData;
import org.imsemu.hss.store.HssDatabase.ShSubscriber;
import org.imsemu.hss.store.Subscription;

/**
 * Sh for application servers (TS 29.328 §6.1, TS 29.329 §6.1): UDR reads repository data, public
 * identities, IMS user state, S-CSCF name and iFCs; PUR updates repository data under the sequence
 * number rule; SNR subscribes to changes, which the HSS pushes with PNR. Blocking: runs on the HSS's
 * database executor; PNRs are sent through {@link Notifier} without waiting.
 */
final class ShService {
    /** Sends a PNR (fire and forget: a lost PNR is logged, the change stands). */
    interface Notifier {
        void push(DiameterMessage pnr);
    }

    private final HssConfig config;
    private final HssDatabase db;
    private final CxService cx;
    private final Notifier notifier;
    private final java.util.function.Supplier<String> sessionIds;

    ShService(HssConfig config, HssDatabase db, CxService cx, Notifier notifier, java.util.function.Supplier<String> sessionIds) {
        this.config = config;
        this.db = db;
        this.cx = cx;
        this.notifier = notifier;
        this.sessionIds = sessionIds;
    }

    DiameterMessage udr(DiameterMessage r) {
        String impu = Messages.shPublicIdentity(r);
        Subscription s = cx.subscription(impu, null);
        List<Avp> refs = r.all(DATA_REFERENCE);
        if (refs.isEmpty()) throw new DiameterException(ResultCodes.DIAMETER_MISSING_AVP, "UDR needs Data-Reference", DATA_REFERENCE.placeholder());
        UserDataXml.ShData data = new UserDataXml.ShData();
        for (Avp ref : refs) {
            int dr = ref.asEnumerated();
            if (dr == DR_REPOSITORY_DATA) {
                for (String si : serviceIndications(r)) {
                    db.repositoryData(impu, si).ifPresent(d -> data.repositoryData(si, d.sequence(), d.data()));
                }
            } else if (!addImsData(data, dr, s, impu)) {
                throw new ExperimentalResultException(DIAMETER_ERROR_USER_DATA_CANNOT_BE_READ, "Data-Reference " + dr + " is not served by this HSS");
            }
        }
        return Messages.success(r, config).add(SH_USER_DATA.of(data.toXml().getBytes(StandardCharsets.UTF_8))).build();
    }

    /** Adds the IMS data of one Data-Reference; false when this HSS does not keep that data. */
    private boolean addImsData(UserDataXml.ShData data, int dr, Subscription s, String impu) {
        switch (dr) {
            case DR_IMS_PUBLIC_IDENTITY -> s.impus().forEach(data::publicIdentity);
            case DR_IMS_USER_STATE -> data.imsUserState(imsUserState(db.assignment(impu).orElseThrow()));
            case DR_SCSCF_NAME -> {
                String name = db.assignment(impu).orElseThrow().scscf();
                if (name != null) data.scscfName(name);
            }
            case DR_INITIAL_FILTER_CRITERIA -> data.ifcs(s.serviceProfile());
            default -> {
                return false;
            }
        }
        return true;
    }

    static int imsUserState(Assignment a) {
        return switch (a.state()) {
            case REGISTERED -> UserDataXml.REGISTERED;
            case UNREGISTERED -> UserDataXml.REGISTERED_UNREG_SERVICES;
            case NOT_REGISTERED -> a.scscf() != null ? UserDataXml.AUTHENTICATION_PENDING : UserDataXml.NOT_REGISTERED;
        };
    }

    private static List<String> serviceIndications(DiameterMessage r) {
        List<String> out = new ArrayList<>();
        for (Avp a : r.all(SERVICE_INDICATION)) out.add(new String(a.asOctetString(), StandardCharsets.UTF_8));
        if (out.isEmpty()) {
            throw new DiameterException(ResultCodes.DIAMETER_MISSING_AVP, "RepositoryData needs Service-Indication", SERVICE_INDICATION.placeholder());
        }
        return out;
    }

    DiameterMessage pur(DiameterMessage r) {
        String impu = Messages.shPublicIdentity(r);
        cx.subscription(impu, null);
        int dr = r.required(DATA_REFERENCE).asEnumerated();
        if (dr != DR_REPOSITORY_DATA) {
            throw new ExperimentalResultException(DIAMETER_ERROR_USER_DATA_CANNOT_BE_MODIFIED, "only RepositoryData may be updated, not Data-Reference " + dr);
        }
        Avp userData = r.required(SH_USER_DATA);
        List<UserDataXml.RepositoryUpdate> updates;
        try {
            updates = UserDataXml.repositoryUpdates(new String(userData.asOctetString(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ExperimentalResultException(DIAMETER_ERROR_USER_DATA_NOT_RECOGNIZED, e.getMessage());
        }
        for (UserDataXml.RepositoryUpdate u : updates) checkSequence(impu, u);
        String from = r.text(BaseAvps.ORIGIN_HOST).orElse("");
        for (UserDataXml.RepositoryUpdate u : updates) {
            db.putRepositoryData(impu, u.serviceIndication(), u.sequence(), u.serviceData());
            notifyRepository(impu, u.serviceIndication(), u.sequence(), u.serviceData(), from);
        }
        return Messages.success(r, config).build();
    }

    /**
     * TS 29.328 §6.1.2.1 and §7.6: new data comes with sequence number 0; a change or deletion of stored
     * data with the stored number plus one (65535 is followed by 1). Deleting data that is not stored
     * means the AS's view is stale too: 5105 as well.
     */
    private void checkSequence(String impu, UserDataXml.RepositoryUpdate u) {
        var stored = db.repositoryData(impu, u.serviceIndication());
        int expected = stored.map(d -> nextSequence(d.sequence())).orElse(0);
        if (stored.isEmpty() && u.serviceData() == null || u.sequence() != expected) {
            throw new ExperimentalResultException(DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC, "repository data " + u.serviceIndication() + " of " + impu
                    + (stored.isPresent() ? " is at sequence " + stored.get().sequence() + ", expected " + expected : " does not exist")
                    + ", got " + u.sequence());
        }
    }

    static int nextSequence(int current) {
        return current >= 65535 ? 1 : current + 1;
    }

    /** Provisioning: stores repository data with the next sequence number and notifies subscribers; null deletes. */
    RepositoryData putRepositoryData(String impu, String serviceIndication, String serviceData) {
        cx.subscription(impu, null);
        var stored = db.repositoryData(impu, serviceIndication);
        int seq = stored.map(d -> nextSequence(d.sequence())).orElse(0);
        if (stored.isEmpty() && serviceData == null) return null;
        db.putRepositoryData(impu, serviceIndication, seq, serviceData);
        notifyRepository(impu, serviceIndication, seq, serviceData, "");
        return new RepositoryData(seq, serviceData);
    }

    DiameterMessage snr(DiameterMessage r) {
        String impu = Messages.shPublicIdentity(r);
        Subscription s = cx.subscription(impu, null);
        long type = r.required(SUBS_REQ_TYPE).asEnumerated();
        List<Avp> refs = r.all(DATA_REFERENCE);
        if (refs.isEmpty()) throw new DiameterException(ResultCodes.DIAMETER_MISSING_AVP, "SNR needs Data-Reference", DATA_REFERENCE.placeholder());
        ShSubscriber who = new ShSubscriber(Messages.requiredText(r, BaseAvps.ORIGIN_HOST), Messages.requiredText(r, BaseAvps.ORIGIN_REALM));
        List<String[]> keys = new ArrayList<>();
        for (Avp ref : refs) {
            int dr = ref.asEnumerated();
            switch (dr) {
                case DR_REPOSITORY_DATA -> serviceIndications(r).forEach(si -> keys.add(new String[] {"0", si}));
                case DR_IMS_USER_STATE, DR_SCSCF_NAME, DR_INITIAL_FILTER_CRITERIA -> keys.add(new String[] {Integer.toString(dr), ""});
                default -> throw new ExperimentalResultException(DIAMETER_ERROR_USER_DATA_CANNOT_BE_NOTIFIED,
                        "changes of Data-Reference " + dr + " are not notified by this HSS");
            }
        }
        if (type == SUBSCRIBE) {
            for (String[] k : keys) db.subscribe(impu, Integer.parseInt(k[0]), k[1], who);
        } else if (type == UNSUBSCRIBE) {
            boolean any = false;
            for (String[] k : keys) any |= db.unsubscribe(impu, Integer.parseInt(k[0]), k[1], who.host());
            if (!any) throw new ExperimentalResultException(DIAMETER_ERROR_NO_SUBSCRIPTION_TO_DATA, who.host() + " has no subscription to this data of " + impu);
        } else {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_VALUE, "Subs-Req-Type " + type, r.avp(SUBS_REQ_TYPE).get());
        }
        DiameterMessage.Builder b = Messages.success(r, config);
        if (type == SUBSCRIBE && r.number(SEND_DATA_INDICATION).orElse(0L) == 1) {
            b.add(SH_USER_DATA.of(currentData(s, impu, keys).getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    private String currentData(Subscription s, String impu, List<String[]> keys) {
        UserDataXml.ShData data = new UserDataXml.ShData();
        for (String[] k : keys) {
            int dr = Integer.parseInt(k[0]);
            if (dr == DR_REPOSITORY_DATA) db.repositoryData(impu, k[1]).ifPresent(d -> data.repositoryData(k[1], d.sequence(), d.data()));
            else addImsData(data, dr, s, impu);
        }
        return data.toXml();
    }

    private void notifyRepository(String impu, String si, int sequence, String serviceData, String exceptHost) {
        String xml = new UserDataXml.ShData().repositoryData(si, sequence, serviceData).toXml();
        for (ShSubscriber sub : db.subscribers(impu, DR_REPOSITORY_DATA, si)) {
            if (!sub.host().equalsIgnoreCase(exceptHost)) notifier.push(pnr(impu, sub, xml));
        }
    }

    /** After a registration change (SAR, RTR): PNRs to the subscribers of IMS user state and S-CSCF name. */
    void onRegistrationChange(Subscription s) {
        for (String impu : s.impus()) {
            Assignment a = db.assignment(impu).orElse(null);
            if (a == null) continue;
            String state = new UserDataXml.ShData().imsUserState(imsUserState(a)).toXml();
            for (ShSubscriber sub : db.subscribers(impu, DR_IMS_USER_STATE, "")) notifier.push(pnr(impu, sub, state));
            UserDataXml.ShData name = new UserDataXml.ShData();
            if (a.scscf() != null) name.scscfName(a.scscf());
            for (ShSubscriber sub : db.subscribers(impu, DR_SCSCF_NAME, "")) notifier.push(pnr(impu, sub, name.toXml()));
        }
    }

    private DiameterMessage pnr(String impu, ShSubscriber to, String xml) {
        return Messages.request(Commands.PUSH_NOTIFICATION.code(), Applications.SH, sessionIds.get(), config, to.host(), to.realm())
                .add(USER_IDENTITY.of(CxAvps.PUBLIC_IDENTITY.of(impu)), SH_USER_DATA.of(xml.getBytes(StandardCharsets.UTF_8))).build();
    }
}
