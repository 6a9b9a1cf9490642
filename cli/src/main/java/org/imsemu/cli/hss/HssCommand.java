package org.imsemu.cli.hss;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.imsemu.hss.HssAdmin;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.HssStoreException;
import org.imsemu.hss.store.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imsemu hss add|list|show|remove}: the subscribers of a domain's HSS database, usable while
 * {@code imsemu up} runs (H2 automatic server mode). The logic is {@link HssAdmin}; this class only parses.
 */
@Command(name = "hss", mixinStandardHelpOptions = true,
        description = "Manage the subscribers of a domain's HSS (works while `imsemu up` runs).",
        subcommands = {HssCommand.Add.class, HssCommand.ListCommand.class, HssCommand.Show.class, HssCommand.Remove.class})
public final class HssCommand implements Runnable {
    /** Exit status for a bad request or a database error. */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** --db and --domain, shared by every subcommand. */
    static final class Database {
        @Option(names = "--domain", defaultValue = "domain1.com", description = "domain whose default database to use (default: ${DEFAULT-VALUE})")
        String domain;

        @Option(names = "--db", paramLabel = "JDBC_URL",
                description = "JDBC URL of the HSS database (default: the domain's H2 file in the data directory)")
        String url;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the data directory of `imsemu up` (default: ~/.imsemu)")
        Path dataDir = Path.of(System.getProperty("user.home"), ".imsemu");

        HssDatabase open() {
            return HssDatabase.open(url != null ? url : HssDatabase.defaultUrl(dataDir, domain));
        }
    }

    /** Runs {@code work} on the open database; bad input and database errors become one line on stderr. */
    interface Work {
        int run(HssAdmin admin, PrintWriter out) throws IOException;
    }

    static int withAdmin(CommandSpec spec, Database db, Work work) {
        PrintWriter err = spec.commandLine().getErr();
        try (HssDatabase d = db.open()) {
            int rc = work.run(new HssAdmin(d), spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return rc;
        } catch (IllegalArgumentException | HssStoreException | IOException e) {
            err.println("imsemu hss " + spec.name() + ": " + e.getMessage());
            return FAILED;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add (or replace) a subscriber: a private identity, its public identities and its credentials,",
                    "either a Digest --password or AKA --k with --op or --opc (and --amf)."})
    static final class Add implements Callable<Integer> {
        @Mixin
        Database db;
        @Spec
        CommandSpec spec;

        @Option(names = "--impi", required = true, description = "private identity, e.g. carol@domain1.com")
        String impi;
        @Option(names = "--impu", required = true, description = "public identity (repeatable; the first is the default one)")
        List<String> impus;
        @Option(names = "--password", description = "SIP Digest password")
        String password;
        @Option(names = "--k", description = "AKA subscriber key K, 32 hex digits")
        String k;
        @Option(names = "--op", description = "AKA operator variant OP, 32 hex digits")
        String op;
        @Option(names = "--opc", description = "AKA OPc, 32 hex digits")
        String opc;
        @Option(names = "--amf", description = "AKA AMF, 4 hex digits (default 8000)")
        String amf;
        @Option(names = "--ifc-file", paramLabel = "FILE", description = "file with <InitialFilterCriteria> elements (TS 29.228 annex B)")
        Path ifcFile;

        @Override
        public Integer call() {
            return withAdmin(spec, db, (admin, out) -> {
                String ifc = ifcFile == null ? null : Files.readString(ifcFile, StandardCharsets.UTF_8);
                Subscription s = admin.add(new HssAdmin.AddRequest(impi, impus, password, k, op, opc, amf, ifc));
                out.println("added " + s.impi() + " (" + s.credentials().scheme() + ") " + String.join(", ", s.impus()));
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the subscribers, a page at a time.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        Database db;
        @Spec
        CommandSpec spec;

        @Option(names = "--page", defaultValue = "1", description = "page number, from 1 (default: ${DEFAULT-VALUE})")
        int page;
        @Option(names = "--page-size", defaultValue = "50", description = "subscribers per page (default: ${DEFAULT-VALUE})")
        int pageSize;

        @Override
        public Integer call() {
            return withAdmin(spec, db, (admin, out) -> {
                if (page < 1) throw new IllegalArgumentException("--page starts at 1");
                List<String> lines = admin.list(page - 1, pageSize);
                lines.forEach(out::println);
                long total = admin.count();
                out.println("page " + page + " of " + Math.max(1, (total + pageSize - 1) / pageSize) + ", " + total + " subscriber(s)");
                return 0;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one subscriber (secrets withheld).")
    static final class Show implements Callable<Integer> {
        @Mixin
        Database db;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IMPI", description = "private identity")
        String impi;

        @Override
        public Integer call() {
            return withAdmin(spec, db, (admin, out) -> {
                var shown = admin.show(impi);
                if (shown.isEmpty()) throw new IllegalArgumentException("no subscriber " + impi);
                out.print(shown.get());
                return 0;
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a subscriber with its public identities and Sh data.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Database db;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IMPI", description = "private identity")
        String impi;

        @Override
        public Integer call() {
            return withAdmin(spec, db, (admin, out) -> {
                if (!admin.remove(impi)) throw new IllegalArgumentException("no subscriber " + impi);
                out.println("removed " + impi);
                return 0;
            });
        }
    }
}
