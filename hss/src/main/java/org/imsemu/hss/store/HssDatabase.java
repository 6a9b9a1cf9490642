package org.imsemu.hss.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The HSS's subscriber database over JDBC: an embedded H2 file by default (shared with
 * {@code imsemu hss} commands of another process through H2's automatic server mode), or any JDBC URL
 * (PostgreSQL). Holds private and public identities, credentials and the AKA sequence number, service
 * profiles, registration state with the assigned S-CSCF, and Sh repository data. Calls block: the HSS
 * node runs them on its own executor, never on an event loop. Thread-safe (one connection, serialised).
 */
public final class HssDatabase implements AutoCloseable {
    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS private_identity (
          impi VARCHAR(255) PRIMARY KEY,
          scheme VARCHAR(16) NOT NULL,
          password VARCHAR(255), k VARCHAR(32), op VARCHAR(32), opc VARCHAR(32), amf VARCHAR(4),
          sqn BIGINT DEFAULT 0 NOT NULL,
          service_profile CLOB,
          origin VARCHAR(16) NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS public_identity (
          impu VARCHAR(255) PRIMARY KEY,
          impi VARCHAR(255) NOT NULL REFERENCES private_identity(impi) ON DELETE CASCADE,
          position INT NOT NULL,
          state VARCHAR(16) DEFAULT 'NOT_REGISTERED' NOT NULL,
          scscf VARCHAR(255))""",
        "CREATE INDEX IF NOT EXISTS public_identity_impi ON public_identity(impi)",
        """
        CREATE TABLE IF NOT EXISTS sh_repository (
          impu VARCHAR(255) NOT NULL,
          service_indication VARCHAR(255) NOT NULL,
          sequence INT NOT NULL,
          data CLOB NOT NULL,
          PRIMARY KEY (impu, service_indication))""",
        // the Diameter identity of the assigned S-CSCF, where RTR and PPR go (added after the first schema)
        "ALTER TABLE public_identity ADD COLUMN IF NOT EXISTS scscf_host VARCHAR(255)",
        """
        CREATE TABLE IF NOT EXISTS sh_subscription (
          impu VARCHAR(255) NOT NULL,
          data_reference INT NOT NULL,
          service_indication VARCHAR(255) NOT NULL,
          host VARCHAR(255) NOT NULL,
          realm VARCHAR(255) NOT NULL,
          PRIMARY KEY (impu, data_reference, service_indication, host))""",
    };

    /**
     * Where an identity stands: its registration state, the S-CSCF assigned to it (SIP URI, null if none)
     * and that S-CSCF's Diameter Origin-Host (null if not known), where RTR and PPR are sent.
     */
    public record Assignment(RegistrationState state, String scscf, String scscfHost) {
        public Assignment(RegistrationState state, String scscf) {
            this(state, scscf, null);
        }
    }

    /** An application server subscribed over Sh to changes of some data (TS 29.328 6.1.3). */
    public record ShSubscriber(String host, String realm) {
    }

    private final Connection connection;
    private final String url;

    private HssDatabase(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
    }

    /** Opens (creating the tables if needed) the database at a JDBC URL. */
    public static HssDatabase open(String jdbcUrl) {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl);
            try (Statement s = c.createStatement()) {
                for (String ddl : SCHEMA) s.execute(ddl);
            }
            return new HssDatabase(c, jdbcUrl);
        } catch (SQLException e) {
            throw new HssStoreException("cannot open the HSS database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * The default database of a domain's HSS: an H2 file in {@code directory} that another process
     * (the {@code imsemu hss} command) may open while the emulator runs.
     */
    public static String defaultUrl(Path directory, String domain) {
        Path file = directory.toAbsolutePath().resolve("hss-" + domain.toLowerCase(Locale.ROOT));
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE";
    }

    /** An in-memory database (tests, throw-away runs). */
    public static String memoryUrl(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    public String url() {
        return url;
    }

    // ---- provisioning ----

    /**
     * Adds or updates subscriptions, keyed by private identity: credentials, profile, public identities
     * and origin are replaced; the AKA sequence number and registration state are kept, so provisioning
     * the same scenario again at every start changes nothing.
     */
    public synchronized void put(List<Subscription> subscriptions) {
        inTransaction(() -> {
            try (PreparedStatement pi = connection.prepareStatement(
                    "MERGE INTO private_identity (impi, scheme, password, k, op, opc, amf, service_profile, origin) "
                            + "KEY (impi) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement drop = connection.prepareStatement("DELETE FROM public_identity WHERE impi = ? AND position >= ?");
                 PreparedStatement pu = connection.prepareStatement(
                         "MERGE INTO public_identity (impu, impi, position) KEY (impu) VALUES (?, ?, ?)")) {
                for (Subscription s : subscriptions) {
                    pi.setString(1, s.impi());
                    pi.setString(2, s.credentials().scheme());
                    Credentials c = s.credentials();
                    pi.setString(3, c instanceof Credentials.DigestPassword d ? d.password() : null);
                    pi.setString(4, c instanceof Credentials.Aka a ? a.k() : null);
                    pi.setString(5, c instanceof Credentials.Aka a ? a.op() : null);
                    pi.setString(6, c instanceof Credentials.Aka a ? a.opc() : null);
                    pi.setString(7, c instanceof Credentials.Aka a ? a.amf() : null);
                    pi.setString(8, s.serviceProfile());
                    pi.setString(9, s.origin());
                    pi.addBatch();
                    drop.setString(1, s.impi());
                    drop.setInt(2, s.impus().size());
                    drop.addBatch();
                    for (int i = 0; i < s.impus().size(); i++) {
                        pu.setString(1, normalise(s.impus().get(i)));
                        pu.setString(2, s.impi());
                        pu.setInt(3, i);
                        pu.addBatch();
                    }
                }
                pi.executeBatch();
                drop.executeBatch();
                pu.executeBatch();
            }
            return null;
        });
    }

    public void put(Subscription s) {
        put(List.of(s));
    }

    /** Removes a private identity with its public identities and their Sh data; false if unknown. */
    public synchronized boolean remove(String impi) {
        return inTransaction(() -> {
            try (PreparedStatement sh = connection.prepareStatement(
                    "DELETE FROM sh_repository WHERE impu IN (SELECT impu FROM public_identity WHERE impi = ?)");
                 PreparedStatement subs = connection.prepareStatement(
                    "DELETE FROM sh_subscription WHERE impu IN (SELECT impu FROM public_identity WHERE impi = ?)");
                 PreparedStatement pi = connection.prepareStatement("DELETE FROM private_identity WHERE impi = ?")) {
                sh.setString(1, impi);
                sh.executeUpdate();
                subs.setString(1, impi);
                subs.executeUpdate();
                pi.setString(1, impi);
                return pi.executeUpdate() > 0;
            }
        });
    }

    // ---- queries ----

    public synchronized Optional<Subscription> byImpi(String impi) {
        return query(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM private_identity WHERE impi = ?")) {
                ps.setString(1, impi);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(subscription(rs)) : Optional.<Subscription>empty();
                }
            }
        });
    }

    /** The subscription a public identity belongs to. */
    public synchronized Optional<Subscription> byImpu(String impu) {
        Optional<String> impi = query(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT impi FROM public_identity WHERE impu = ?")) {
                ps.setString(1, normalise(impu));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        return impi.flatMap(this::byImpi);
    }

    /** Subscriptions in private-identity order, a page at a time. */
    public synchronized List<Subscription> list(int offset, int limit) {
        return query(() -> {
            List<Subscription> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT * FROM private_identity ORDER BY impi LIMIT ? OFFSET ?")) {
                ps.setInt(1, limit);
                ps.setInt(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(subscription(rs));
                }
            }
            return out;
        });
    }

    public synchronized long count() {
        return query(() -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM private_identity")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    // ---- registration state (Cx SAR, UAR, LIR) ----

    public synchronized Optional<Assignment> assignment(String impu) {
        return query(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT state, scscf, scscf_host FROM public_identity WHERE impu = ?")) {
                ps.setString(1, normalise(impu));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<Assignment>empty();
                    return Optional.of(new Assignment(RegistrationState.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3)));
                }
            }
        });
    }

    /** Sets state and S-CSCF for every public identity of the implicit set {@code impu} belongs to. */
    public void assign(String impu, RegistrationState state, String scscf) {
        assign(impu, state, scscf, null);
    }

    /** As {@link #assign(String, RegistrationState, String)}, also recording the S-CSCF's Diameter host. */
    public synchronized void assign(String impu, RegistrationState state, String scscf, String scscfHost) {
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE public_identity SET state = ?, scscf = ?, scscf_host = ? WHERE impi = (SELECT impi FROM public_identity WHERE impu = ?)")) {
                ps.setString(1, state.name());
                ps.setString(2, scscf);
                ps.setString(3, scscfHost);
                ps.setString(4, normalise(impu));
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ---- AKA sequence numbers (TS 33.102 C.1) ----

    /** Advances the private identity's SQN by {@code step} and returns the new value. */
    public synchronized long nextSqn(String impi, long step) {
        return inTransaction(() -> {
            try (PreparedStatement up = connection.prepareStatement("UPDATE private_identity SET sqn = sqn + ? WHERE impi = ?");
                 PreparedStatement get = connection.prepareStatement("SELECT sqn FROM private_identity WHERE impi = ?")) {
                up.setLong(1, step);
                up.setString(2, impi);
                if (up.executeUpdate() == 0) throw new HssStoreException("unknown private identity " + impi, null);
                get.setString(1, impi);
                try (ResultSet rs = get.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Takes {@code count} sequence numbers in one transaction (row locked, so two HSS processes sharing a
     * database never hand out the same SQN): each is {@code next} applied to the previous one, starting
     * from the stored value; the last is stored. The caller knows the SQN arithmetic (TS 33.102 C.1).
     */
    public synchronized long[] reserveSqns(String impi, int count, java.util.function.LongUnaryOperator next) {
        if (count < 1) throw new IllegalArgumentException("count must be positive: " + count);
        return inTransaction(() -> {
            long current;
            try (PreparedStatement get = connection.prepareStatement("SELECT sqn FROM private_identity WHERE impi = ? FOR UPDATE")) {
                get.setString(1, impi);
                try (ResultSet rs = get.executeQuery()) {
                    if (!rs.next()) throw new HssStoreException("unknown private identity " + impi, null);
                    current = rs.getLong(1);
                }
            }
            long[] out = new long[count];
            for (int i = 0; i < count; i++) {
                current = next.applyAsLong(current);
                out[i] = current;
            }
            try (PreparedStatement up = connection.prepareStatement("UPDATE private_identity SET sqn = ? WHERE impi = ?")) {
                up.setLong(1, current);
                up.setString(2, impi);
                up.executeUpdate();
            }
            return out;
        });
    }

    /** Resynchronisation (AUTS): the HSS continues from the UE's sequence number. */
    public synchronized void setSqn(String impi, long sqn) {
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE private_identity SET sqn = ? WHERE impi = ?")) {
                ps.setLong(1, sqn);
                ps.setString(2, impi);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public synchronized long sqn(String impi) {
        return query(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT sqn FROM private_identity WHERE impi = ?")) {
                ps.setString(1, impi);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new HssStoreException("unknown private identity " + impi, null);
                    return rs.getLong(1);
                }
            }
        });
    }

    // ---- Sh repository data (TS 29.328 7.6) ----

    /** Repository data of an identity for one service indication: its sequence number and XML. */
    public record RepositoryData(int sequence, String data) {
    }

    public synchronized Optional<RepositoryData> repositoryData(String impu, String serviceIndication) {
        return query(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT sequence, data FROM sh_repository WHERE impu = ? AND service_indication = ?")) {
                ps.setString(1, normalise(impu));
                ps.setString(2, serviceIndication);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new RepositoryData(rs.getInt(1), rs.getString(2))) : Optional.<RepositoryData>empty();
                }
            }
        });
    }

    /** Stores repository data; null data deletes it. */
    public synchronized void putRepositoryData(String impu, String serviceIndication, int sequence, String data) {
        inTransaction(() -> {
            String sql = data == null ? "DELETE FROM sh_repository WHERE impu = ? AND service_indication = ?"
                    : "MERGE INTO sh_repository (impu, service_indication, sequence, data) KEY (impu, service_indication) VALUES (?, ?, ?, ?)";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, normalise(impu));
                ps.setString(2, serviceIndication);
                if (data != null) {
                    ps.setInt(3, sequence);
                    ps.setString(4, data);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ---- Sh subscriptions to notifications (TS 29.328 6.1.3) ----

    /** Records that {@code host} wants PNRs for this data ({@code serviceIndication} "" when not repository data). */
    public synchronized void subscribe(String impu, int dataReference, String serviceIndication, ShSubscriber subscriber) {
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "MERGE INTO sh_subscription (impu, data_reference, service_indication, host, realm) "
                            + "KEY (impu, data_reference, service_indication, host) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, normalise(impu));
                ps.setInt(2, dataReference);
                ps.setString(3, serviceIndication);
                ps.setString(4, subscriber.host());
                ps.setString(5, subscriber.realm());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Removes a subscription; false if there was none. */
    public synchronized boolean unsubscribe(String impu, int dataReference, String serviceIndication, String host) {
        return inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "DELETE FROM sh_subscription WHERE impu = ? AND data_reference = ? AND service_indication = ? AND host = ?")) {
                ps.setString(1, normalise(impu));
                ps.setInt(2, dataReference);
                ps.setString(3, serviceIndication);
                ps.setString(4, host);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public synchronized List<ShSubscriber> subscribers(String impu, int dataReference, String serviceIndication) {
        return query(() -> {
            List<ShSubscriber> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT host, realm FROM sh_subscription WHERE impu = ? AND data_reference = ? AND service_indication = ? ORDER BY host")) {
                ps.setString(1, normalise(impu));
                ps.setInt(2, dataReference);
                ps.setString(3, serviceIndication);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new ShSubscriber(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }

    // ---- plumbing ----

    private Subscription subscription(ResultSet rs) throws SQLException {
        String impi = rs.getString("impi");
        Credentials c = "aka".equals(rs.getString("scheme"))
                ? new Credentials.Aka(rs.getString("k"), rs.getString("op"), rs.getString("opc"), rs.getString("amf"))
                : new Credentials.DigestPassword(rs.getString("password"));
        Set<String> impus = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT impu FROM public_identity WHERE impi = ? ORDER BY position")) {
            ps.setString(1, impi);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) impus.add(r.getString(1));
            }
        }
        return new Subscription(impi, List.copyOf(impus), c, rs.getString("service_profile"), rs.getString("origin"));
    }

    /** sip:User@Host → sip:User@host: the host part of an identity is case-insensitive. */
    public static String normalise(String impu) {
        int at = impu.lastIndexOf('@');
        return at < 0 ? impu : impu.substring(0, at + 1) + impu.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T query(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new HssStoreException("HSS database error: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(Work<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new HssStoreException("HSS database error: " + e.getMessage(), e);
        }
    }
}
