package org.imsemu.hss;

import static org.imsemu.diameter.dictionary.CxValues.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.imsemu.aka.AkaKeys;
import org.imsemu.aka.AuthenticationVector;
import org.imsemu.aka.Auts;
import org.imsemu.aka.SequenceNumbers;
import org.imsemu.aka.VectorGenerator;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterException;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.hss.store.Credentials;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.HssDatabase.Assignment;
import org.imsemu.hss.store.RegistrationState;
import org.imsemu.hss.store.Subscription;

/**
 * MAR/MAA (TS 29.228 §6.3, TS 29.229 §6.1.7-8): authentication vectors for Digest-AKAv1-MD5 (Milenage,
 * SQN kept in the database, resynchronisation with AUTS) and SIP Digest (HA1), and the S-CSCF recorded
 * as assigned while authentication is pending. Blocking: runs on the HSS's database executor.
 */
final class MultimediaAuth {
    private static final System.Logger LOG = System.getLogger(MultimediaAuth.class.getName());
    private static final int RESYNC_LENGTH = 16 + Auts.LENGTH;

    private final HssConfig config;
    private final HssDatabase db;
    private final CxService cx;
    private final VectorGenerator vectors;

    MultimediaAuth(HssConfig config, HssDatabase db, CxService cx, VectorGenerator vectors) {
        this.config = config;
        this.db = db;
        this.cx = cx;
        this.vectors = vectors;
    }

    DiameterMessage mar(DiameterMessage r) {
        String impi = Messages.requiredText(r, BaseAvps.USER_NAME);
        String impu = Messages.requiredText(r, CxAvps.PUBLIC_IDENTITY);
        String serverName = Messages.requiredText(r, CxAvps.SERVER_NAME);
        long wanted = r.required(CxAvps.SIP_NUMBER_AUTH_ITEMS).asUnsigned32();
        Avp item = r.required(CxAvps.SIP_AUTH_DATA_ITEM);
        String scheme = item.text(CxAvps.SIP_AUTHENTICATION_SCHEME).orElse(SCHEME_UNKNOWN);
        Subscription s = cx.subscription(impu, impi);

        boolean aka = s.credentials() instanceof Credentials.Aka;
        String ours = aka ? SCHEME_AKAV1_MD5 : SCHEME_SIP_DIGEST;
        if (!scheme.equalsIgnoreCase(SCHEME_UNKNOWN) && !scheme.equalsIgnoreCase(ours)) {
            throw new ExperimentalResultException(DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED,
                    impi + " authenticates with " + ours + ", not " + scheme);
        }
        recordServer(s, serverName, r.text(BaseAvps.ORIGIN_HOST).orElse(null));

        List<Avp> items = new ArrayList<>();
        if (aka) {
            Credentials.Aka c = (Credentials.Aka) s.credentials();
            AkaKeys keys = AkaKeys.fromHex(c.k(), c.op() != null ? c.op() : c.opc(), c.op() == null);
            byte[] amf = HexFormat.of().parseHex(c.amf());
            Optional<Avp> authorization = item.avp(CxAvps.SIP_AUTHORIZATION);
            if (authorization.isPresent()) resynchronise(impi, keys, authorization.get());
            int n = (int) Math.max(1, Math.min(wanted, config.maxAuthItems()));
            long[] sqns = db.reserveSqns(impi, n, SequenceNumbers::next);
            for (int i = 0; i < n; i++) items.add(akaItem(i + 1, vectors.generate(keys, amf, sqns[i])));
        } else {
            items.add(digestItem(impi, ((Credentials.DigestPassword) s.credentials()).password()));
        }
        return Messages.success(r, config).add(BaseAvps.USER_NAME.of(impi), CxAvps.PUBLIC_IDENTITY.of(impu),
                CxAvps.SIP_NUMBER_AUTH_ITEMS.of(items.size())).addAll(items).build();
    }

    /**
     * §6.3: the HSS stores the requesting S-CSCF when none is stored (authentication pending); a user
     * registered at another S-CSCF keeps that one until a SAR moves it (this HSS does not reassign on MAR).
     */
    private void recordServer(Subscription s, String serverName, String originHost) {
        Assignment a = db.assignment(s.defaultImpu()).orElseThrow();
        if (a.scscf() != null && a.scscf().equalsIgnoreCase(serverName)) return;
        if (a.state() == RegistrationState.REGISTERED && a.scscf() != null) {
            LOG.log(System.Logger.Level.INFO, () -> s.impi() + " is registered at " + a.scscf() + "; MAR from " + serverName + " does not move it");
            return;
        }
        db.assign(s.defaultImpu(), a.state(), serverName, originHost);
    }

    /** TS 33.102 §6.3.5: check AUTS (MAC-S) and continue from the UE's SQN; a wrong MAC-S rejects the request. */
    private void resynchronise(String impi, AkaKeys keys, Avp authorization) {
        byte[] value = authorization.asOctetString();
        if (value.length != RESYNC_LENGTH) {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_LENGTH,
                    "SIP-Authorization of a resynchronisation must be RAND || AUTS (30 octets), not " + value.length, authorization);
        }
        Auts.Resync resync = Auts.fromSipAuthorization(value);
        VectorGenerator.ResyncOutcome outcome = vectors.resynchronise(keys, resync.rand(), resync.auts(), db.sqn(impi));
        if (outcome instanceof VectorGenerator.ResyncOutcome.Resynchronised ok) {
            db.setSqn(impi, ok.newSqnHe());
            LOG.log(System.Logger.Level.INFO, () -> impi + ": SQN resynchronised, SQN_MS " + ok.sqnMs());
        } else {
            throw new DiameterException(ResultCodes.DIAMETER_AUTHENTICATION_REJECTED, "AUTS of " + impi + " fails MAC-S verification");
        }
    }

    private static Avp akaItem(int number, AuthenticationVector v) {
        return CxAvps.SIP_AUTH_DATA_ITEM.of(CxAvps.SIP_ITEM_NUMBER.of(number), CxAvps.SIP_AUTHENTICATION_SCHEME.of(SCHEME_AKAV1_MD5),
                CxAvps.SIP_AUTHENTICATE.of(v.sipAuthenticate()), CxAvps.SIP_AUTHORIZATION.of(v.xres()),
                CxAvps.CONFIDENTIALITY_KEY.of(v.ck()), CxAvps.INTEGRITY_KEY.of(v.ik()));
    }

    /** TS 29.229 §6.3.13 SIP-Digest-Authenticate: realm, MD5, qop auth and HA1 = MD5(impi:realm:password). */
    private Avp digestItem(String impi, String password) {
        String realm = config.realm();
        return CxAvps.SIP_AUTH_DATA_ITEM.of(CxAvps.SIP_ITEM_NUMBER.of(1), CxAvps.SIP_AUTHENTICATION_SCHEME.of(SCHEME_SIP_DIGEST),
                CxAvps.SIP_DIGEST_AUTHENTICATE.of(CxAvps.DIGEST_REALM.of(realm), CxAvps.DIGEST_ALGORITHM.of("MD5"),
                        CxAvps.DIGEST_QOP.of("auth"), CxAvps.DIGEST_HA1.of(ha1(impi, realm, password))));
    }

    static String ha1(String user, String realm, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
