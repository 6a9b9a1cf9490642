package org.imsemu.conformance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A signalling flow as a specification describes it: an ordered list of steps between roles.
 *
 * @param spec                    where it comes from, e.g. "3GPP TS 24.228 v5.15.0 §6.2, adapted"
 * @param ignored                 messages left out before comparing (e.g. 100 Trying: hop-by-hop, and it
 *                                races with the request the proxy forwards)
 * @param collapseRetransmissions whether a message identical (same hop, same bytes) to an earlier one is
 *                                left out as a retransmission
 */
public record ExpectedFlow(String name, String title, String spec, List<Step> steps, List<MessagePattern> ignored,
                           boolean collapseRetransmissions) {
    public ExpectedFlow {
        Objects.requireNonNull(name, "name");
        title = title == null ? name : title;
        spec = spec == null ? "" : spec;
        steps = List.copyOf(steps);
        ignored = List.copyOf(ignored);
        if (steps.isEmpty()) throw new IllegalArgumentException("flow " + name + " has no steps");
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).number() != i + 1) throw new IllegalArgumentException("flow " + name + ": step " + (i + 1) + " is numbered " + steps.get(i).number());
        }
    }

    /** Every role label the steps name, in order of appearance. Messages between other nodes are not compared. */
    public Set<String> roles() {
        Set<String> r = new LinkedHashSet<>();
        for (Step s : steps) {
            r.add(s.from());
            r.add(s.to());
        }
        return r;
    }

    public boolean isIgnored(ObservedMessage m) {
        for (MessagePattern p : ignored) {
            if (p.matches(m)) return true;
        }
        return false;
    }

    /** The headers topology hiding rewrites (TS 24.229 5.3.3): rules on them hold inside the network only. */
    public static final List<String> HIDDEN_HEADERS = List.of("Via", "Record-Route", "Route", "Path", "Service-Route",
            "P-Charging-Vector");

    /**
     * This flow as it runs when the network whose roles are {@code inside} hides its topology (THIG, TS 23.228
     * 4.14) behind {@code exit}, its I-CSCF: each SIP step between a role inside (not the exit) and one
     * outside becomes two, through the exit. A non-2xx final response crossing the edge and the ACK to it
     * become the exit's own hop-by-hop exchange on each side: response in, ACK back, response on, ACK.
     * Steps on the inner side keep every rule. Steps on the outer side (and steps between outside
     * roles: the entries they carry went through the exit) keep the rules on headers topology hiding
     * leaves alone, only presence rules on those it rewrites, and get one more: none of
     * {@link #HIDDEN_HEADERS} may contain {@code hidden} (the network's host names and addresses).
     */
    public ExpectedFlow throughTopologyHiding(Set<String> inside, String exit, Pattern hidden) {
        HeaderRule noLeak = new HeaderRule(HIDDEN_HEADERS, true, null, 0, hidden, 0);
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            boolean fromInside = inside.contains(s.from()) && !s.from().equals(exit);
            boolean toInside = inside.contains(s.to()) && !s.to().equals(exit);
            boolean crossing = fromInside && !inside.contains(s.to()) || toInside && !inside.contains(s.from());
            if (s.message().diameter() || !crossing && (fromInside || toInside)) {
                out.add(renumbered(s, out.size() + 1, s.from(), s.to(), s.headers(), s.note()));
            } else if (!crossing) {
                out.add(renumbered(s, out.size() + 1, s.from(), s.to(), outerRules(s.headers(), noLeak), s.note()));
            } else if (i + 1 < steps.size() && isAckTo(steps.get(i + 1), s)) {
                Step ack = steps.get(++i);
                String why = "hop by hop at " + exit + ", which hides its network";
                out.add(side(s, out.size() + 1, s.from(), exit, fromInside, noLeak, s.note()));
                out.add(side(ack, out.size() + 1, exit, s.from(), fromInside, noLeak, why));
                out.add(side(s, out.size() + 1, exit, s.to(), toInside, noLeak, why));
                out.add(side(ack, out.size() + 1, s.to(), exit, toInside, noLeak, ack.note()));
            } else {
                String why = "through " + exit + ", which hides its network";
                out.add(side(s, out.size() + 1, s.from(), exit, fromInside, noLeak, fromInside ? s.note() : why));
                out.add(side(s, out.size() + 1, exit, s.to(), toInside, noLeak, toInside ? s.note() : why));
            }
        }
        return new ExpectedFlow(name, title + " (topology hidden)", spec + "; TS 23.228 4.14 (THIG)", out, ignored,
                collapseRetransmissions);
    }

    /** Whether {@code ack} acknowledges the non-2xx final response {@code response}, on the same hop. */
    private static boolean isAckTo(Step ack, Step response) {
        String status = response.message().message();
        return "ACK".equals(ack.message().message()) && !ack.message().diameter() && ack.from().equals(response.to())
                && ack.to().equals(response.from()) && status.length() == 3 && status.charAt(0) >= '3'
                && Character.isDigit(status.charAt(0));
    }

    /** One side of a split step: the inner side keeps the rules, the outer side gets the outer ones. */
    private static Step side(Step s, int number, String from, String to, boolean innerSide, HeaderRule noLeak, String note) {
        return renumbered(s, number, from, to, innerSide ? s.headers() : outerRules(s.headers(), noLeak), note);
    }

    /** Rules on a message outside: on the headers hiding rewrites only presence, plus nothing hidden in them. */
    private static List<HeaderRule> outerRules(List<HeaderRule> rules, HeaderRule noLeak) {
        List<HeaderRule> outer = new ArrayList<>();
        for (HeaderRule r : rules) {
            boolean rewritten = r.names().stream().anyMatch(n -> HIDDEN_HEADERS.stream().anyMatch(n::equalsIgnoreCase));
            outer.add(rewritten ? new HeaderRule(r.names(), r.present(), null, 0, r.notPattern(), 0) : r);
        }
        outer.add(noLeak);
        return outer;
    }

    private static Step renumbered(Step s, int number, String from, String to, List<HeaderRule> headers, String note) {
        return new Step(number, from, to, s.message(), headers, s.body(), s.optional(), note, s.lanes());
    }
}
