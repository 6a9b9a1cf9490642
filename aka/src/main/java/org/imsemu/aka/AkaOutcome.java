package org.imsemu.aka;

/** What the USIM/ISIM concludes from a challenge RAND || AUTN (TS 33.102 6.3.3). */
public sealed interface AkaOutcome {

    /** The network is authenticated and SQN is fresh: answer with RES; CK and IK are the session keys. */
    record Success(byte[] res, byte[] ck, byte[] ik) implements AkaOutcome {
        public Success {
            res = res.clone();
            ck = ck.clone();
            ik = ik.clone();
        }

        @Override
        public byte[] res() {
            return res.clone();
        }

        @Override
        public byte[] ck() {
            return ck.clone();
        }

        @Override
        public byte[] ik() {
            return ik.clone();
        }

        @Override
        public String toString() {
            return "Success[keys withheld]";
        }
    }

    /** MAC-A is right but SQN is not fresh: send AUTS = SQN_MS XOR AK* || MAC-S so the HSS can resynchronise. */
    record SyncFailure(byte[] auts) implements AkaOutcome {
        public SyncFailure {
            auts = Octets.require(auts, Auts.LENGTH, "AUTS");
        }

        @Override
        public byte[] auts() {
            return auts.clone();
        }

        @Override
        public String toString() {
            return "SyncFailure[auts=" + Hex.encode(auts) + "]";
        }
    }

    /** MAC-A is wrong: the network is not authenticated and no RES may be sent. */
    record MacFailure() implements AkaOutcome {
    }
}
