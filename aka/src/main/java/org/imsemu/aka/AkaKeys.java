package org.imsemu.aka;

import java.util.Arrays;

/**
 * A subscriber's long-term AKA secrets as the USIM/ISIM and the HSS (AuC) share them: K and OPc (OPc is
 * derived from OP when the operator provisions OP). Immutable; accessors return copies.
 */
public final class AkaKeys {
    private final byte[] k;
    private final byte[] opc;

    private AkaKeys(byte[] k, byte[] opc) {
        this.k = Octets.require(k, Milenage.KEY_LENGTH, "K");
        this.opc = Octets.require(opc, Milenage.KEY_LENGTH, "OPc");
    }

    public static AkaKeys ofOpc(byte[] k, byte[] opc) {
        return new AkaKeys(k, opc);
    }

    public static AkaKeys ofOp(byte[] k, byte[] op) {
        return new AkaKeys(k, Milenage.opc(k, op));
    }

    /** From hex strings (32 digits each); {@code opIsOpc} says whether the second one is OPc or OP. */
    public static AkaKeys fromHex(String kHex, String opOrOpcHex, boolean opIsOpc) {
        byte[] k = Hex.decode(kHex, Milenage.KEY_LENGTH, "K");
        byte[] o = Hex.decode(opOrOpcHex, Milenage.KEY_LENGTH, opIsOpc ? "OPc" : "OP");
        return opIsOpc ? ofOpc(k, o) : ofOp(k, o);
    }

    public byte[] k() {
        return k.clone();
    }

    public byte[] opc() {
        return opc.clone();
    }

    public Milenage milenage() {
        return Milenage.withOpc(k, opc);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AkaKeys other && Arrays.equals(k, other.k) && Arrays.equals(opc, other.opc);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(k) + Arrays.hashCode(opc);
    }

    @Override
    public String toString() {
        return "AkaKeys[withheld]"; // never the secret in logs
    }
}
