package org.imsemu.hss;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.imsemu.hss.store.Credentials;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.HssDatabase.Assignment;
import org.imsemu.hss.store.Subscription;

/**
 * What {@code imsemu hss add|list|show|remove} do, on an open database (possibly shared with a running
 * HSS through H2's automatic server mode). Output is plain text lines; secrets are never shown.
 */
public final class HssAdmin {
    private final HssDatabase db;

    public HssAdmin(HssDatabase db) {
        this.db = Objects.requireNonNull(db);
    }

    /**
     * A subscriber to add: either {@code password} (SIP Digest) or {@code k} with one of {@code op} and
     * {@code opc} and {@code amf} (IMS AKA); {@code ifc} is an iFC fragment or null.
     */
    public record AddRequest(String impi, List<String> impus, String password, String k, String op, String opc, String amf, String ifc) {
        public AddRequest {
            impus = impus == null ? List.of() : List.copyOf(impus);
        }
    }

    /** Adds (or replaces) a subscriber; IllegalArgumentException says what is wrong with the request. */
    public Subscription add(AddRequest r) {
        if (r.impi() == null || r.impi().isBlank()) throw new IllegalArgumentException("--impi is required");
        if (r.impus().isEmpty()) throw new IllegalArgumentException("at least one --impu is required");
        for (String impu : r.impus()) {
            if (!impu.startsWith("sip:") && !impu.startsWith("sips:") && !impu.startsWith("tel:")) {
                throw new IllegalArgumentException("public identity must be a sip:, sips: or tel: URI: " + impu);
            }
        }
        boolean aka = r.k() != null || r.op() != null || r.opc() != null;
        if (aka == (r.password() != null)) throw new IllegalArgumentException("give either --password (Digest) or --k with --op or --opc (AKA)");
        Subscription s;
        if (aka) {
            if (r.k() == null) throw new IllegalArgumentException("--k is required for AKA");
            s = Provisioning.aka(r.impi(), r.impus(), r.k(), r.op(), r.opc(), r.amf() == null ? "8000" : r.amf(), r.ifc(), Provisioning.PROVISIONED);
        } else {
            s = Provisioning.digest(r.impi(), r.impus(), r.password(), r.ifc(), Provisioning.PROVISIONED);
        }
        for (String impu : s.impus()) {
            db.byImpu(impu).filter(other -> !other.impi().equals(s.impi())).ifPresent(other -> {
                throw new IllegalArgumentException(impu + " already belongs to " + other.impi());
            });
        }
        db.put(s);
        return s;
    }

    /** One line per subscriber of the page (0-based): impi, scheme, origin, state, public identities. */
    public List<String> list(int page, int pageSize) {
        if (page < 0 || pageSize < 1) throw new IllegalArgumentException("page must be >= 0 and page size >= 1");
        List<String> out = new ArrayList<>();
        for (Subscription s : db.list(page * pageSize, pageSize)) {
            Assignment a = db.assignment(s.defaultImpu()).orElseThrow();
            out.add(String.format("%-32s %-6s %-11s %-14s %s", s.impi(), s.credentials().scheme(), s.origin(), a.state(), String.join(",", s.impus())));
        }
        return out;
    }

    public long count() {
        return db.count();
    }

    /** A subscriber in detail, or empty when unknown. */
    public java.util.Optional<String> show(String impi) {
        return db.byImpi(impi).map(s -> {
            Assignment a = db.assignment(s.defaultImpu()).orElseThrow();
            StringBuilder b = new StringBuilder();
            b.append("private identity: ").append(s.impi()).append('\n');
            for (String impu : s.impus()) b.append("public identity:  ").append(impu).append('\n');
            b.append("authentication:   ").append(s.credentials()).append('\n');
            if (s.credentials() instanceof Credentials.Aka) b.append("SQN:              ").append(db.sqn(impi)).append('\n');
            b.append("origin:           ").append(s.origin()).append('\n');
            b.append("state:            ").append(a.state()).append('\n');
            b.append("S-CSCF:           ").append(a.scscf() == null ? "-" : a.scscf()).append('\n');
            b.append("iFC:              ").append(s.serviceProfile() == null ? "-" : s.serviceProfile()).append('\n');
            return b.toString();
        });
    }

    public boolean remove(String impi) {
        return db.remove(impi);
    }
}
