package org.imsemu.as.samples;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.imsemu.as.ApplicationServer;
import org.imsemu.as.AsHost;
import org.imsemu.as.AsRequest;
import org.imsemu.as.ServedUser;
import org.imsemu.as.SessionCase;
import org.imsemu.as.sh.RepositoryData;
import org.imsemu.as.sh.ShClient;
import org.imsemu.as.sh.ShData;
import org.imsemu.sip.uri.Uri;

/**
 * Sample AS, triggered on the terminating side: call forwarding on busy and on no answer (and
 * unconditional), after TS 24.604 in spirit. The served user's {@link ForwardingRule} is Sh repository
 * data ("call-forwarding"); the AS reads it on the user's first call with an SNR that also subscribes
 * to changes, keeps it, and replaces it when the HSS pushes an update (PNR).
 *
 * <p>On an initial INVITE for a user with a rule, the AS lets the call proceed and, if the callee is
 * busy (486/600) or does not answer within the host's no-answer timeout (408, or 480), sends the
 * INVITE back to the S-CSCF with the forward target as Request-URI. Without a rule, or when the HSS
 * cannot be asked, the call just proceeds. Needs an {@link AsHost} with Sh.
 */
public final class CallForwardingAs implements ApplicationServer {
    private static final System.Logger LOG = System.getLogger(CallForwardingAs.class.getName());

    private final Map<String, Optional<ForwardingRule>> rules = new ConcurrentHashMap<>();
    private ShClient sh;

    @Override
    public void onStart(AsHost host) {
        sh = host.sh();
        sh.addNotificationListener(this::onNotification);
    }

    /** The rule now cached for a user: empty when none is known (yet). */
    public Optional<ForwardingRule> cachedRule(Uri user) {
        return rules.getOrDefault(user.toString(), Optional.empty());
    }

    @Override
    public void onRequest(AsRequest r) {
        Optional<ServedUser> served = r.servedUser();
        if (!r.isInitial() || !r.method().equals("INVITE") || served.isEmpty() || served.get().sessionCase() != SessionCase.TERMINATING) {
            r.proceed();
            return;
        }
        Uri user = served.get().identity();
        ruleOf(user).whenComplete((rule, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, "no call-forwarding data for {0}: {1}", user, error.getMessage());
                r.proceed();
            } else {
                decide(r, rule);
            }
        });
    }

    private void decide(AsRequest r, Optional<ForwardingRule> rule) {
        if (rule.isEmpty()) {
            r.proceed();
        } else if (rule.get().isUnconditional()) {
            r.retarget(rule.get().target());
        } else {
            ForwardingRule f = rule.get();
            r.onFailure(resp -> f.appliesTo(resp.status()) ? f.target() : null).proceed();
        }
    }

    /**
     * The cached rule; on the user's first call, SNR (subscribe to changes) then UDR (read the data). The
     * read comes after the subscription so that no change can fall between them. When the HSS refuses
     * the subscription the data is read on every call instead of cached.
     */
    private CompletableFuture<Optional<ForwardingRule>> ruleOf(Uri user) {
        Optional<ForwardingRule> cached = rules.get(user.toString());
        if (cached != null) return CompletableFuture.completedFuture(cached);
        String si = ForwardingRule.SERVICE_INDICATION;
        return sh.subscribeRepositoryData(user, si)
                .handle((ok, e) -> {
                    if (e != null) LOG.log(System.Logger.Level.WARNING, "SNR for {0} failed, not caching: {1}", user, e.getMessage());
                    return e == null;
                })
                .thenCompose(subscribed -> sh.readRepositoryData(user, si).thenApply(data -> {
                    Optional<ForwardingRule> rule = data.flatMap(d -> parse(user, d));
                    if (!subscribed) return rule;
                    // A PNR that came before the UDA is at least as new as the UDA: keep it.
                    Optional<ForwardingRule> prev = rules.putIfAbsent(user.toString(), rule);
                    return prev != null ? prev : rule;
                }));
    }

    private void onNotification(Uri user, ShData data) {
        data.repositoryData(ForwardingRule.SERVICE_INDICATION).ifPresent(d -> {
            Optional<ForwardingRule> rule = d.hasServiceData() ? parse(user, d) : Optional.empty();
            rules.put(user.toString(), rule);
            LOG.log(System.Logger.Level.INFO, "call forwarding of {0} is now {1}", user, rule.map(ForwardingRule::toServiceData).orElse("off"));
        });
    }

    private static Optional<ForwardingRule> parse(Uri user, RepositoryData d) {
        try {
            return Optional.of(ForwardingRule.parse(d.serviceData()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "bad call-forwarding data of {0} ignored: {1}", user, e.getMessage());
            return Optional.empty();
        }
    }
}
