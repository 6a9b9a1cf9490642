package org.imsemu.runtime;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imsemu.capture.CaptureBus;
import org.imsemu.hss.HssConfig;
import org.imsemu.hss.HssNode;
import org.imsemu.hss.Provisioning;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.Subscription;
import org.imsemu.scenario.AkaKeys;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.Node;
import org.imsemu.scenario.Subscriber;

/**
 * Starts a domain's HSS: opens its database (the node's {@code database} URL, else an H2 file in the
 * data directory, else in memory), provisions the scenario's subscribers idempotently (what
 * {@code imsemu hss add} provisioned is left alone) and their Sh repository data, and serves Cx and Sh.
 */
final class HssLauncher {
    private HssLauncher() {
    }

    /** A running HSS and its database, closed together. */
    record Running(HssNode node, HssDatabase database) implements AutoCloseable {
        @Override
        public void close() {
            node.close();
            database.close();
        }
    }

    static Running start(String scenarioName, Domain domain, Node hss, Path dataDirectory, CaptureBus bus, EventLoopGroup group) {
        String url = hss.database().orElseGet(() -> dataDirectory != null ? HssDatabase.defaultUrl(dataDirectory, domain.name())
                : HssDatabase.memoryUrl(scenarioName + "-" + domain.name() + "-" + System.nanoTime()));
        HssDatabase db = HssDatabase.open(url);
        try {
            List<Subscription> subscriptions = new ArrayList<>();
            for (Subscriber s : domain.subscribers()) subscriptions.add(subscription(domain, s));
            Provisioning.provisionScenario(db, subscriptions);
            HssConfig.Builder config = HssConfig.builder(hss.fqdn(), domain.name())
                    .listen(hss.socketAddress())
                    .observer(Captures.diameter(bus, hss.name()));
            for (Node s : domain.scscfs()) config.scscf("sip:" + s.fqdn() + ":" + s.port());
            HssNode node = HssNode.start(config.build(), db, group);
            for (Subscriber s : domain.subscribers().listed()) {
                for (Map.Entry<String, String> e : s.repositoryData().entrySet()) {
                    var current = db.repositoryData(s.impu(), e.getKey());
                    if (current.isEmpty() || !current.get().data().contains(e.getValue().strip())) {
                        node.putRepositoryData(s.impu(), e.getKey(), e.getValue()).join();
                    }
                }
            }
            return new Running(node, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** A scenario subscriber as an HSS row: AKA keys if it has them, else its Digest password. */
    static Subscription subscription(Domain domain, Subscriber s) {
        String ifc = s.profile().map(domain::initialFilterCriteriaXml).orElse(null);
        if (s.aka().isPresent()) {
            AkaKeys k = s.aka().get();
            return Provisioning.aka(s.impi(), List.of(s.impu()), k.k(), k.op().orElse(null), k.opc().orElse(null), k.amf(), ifc,
                    Provisioning.SCENARIO);
        }
        return Provisioning.digest(s.impi(), List.of(s.impu()), s.password().orElseThrow(), ifc, Provisioning.SCENARIO);
    }
}
