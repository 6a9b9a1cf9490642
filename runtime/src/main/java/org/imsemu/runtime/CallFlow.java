package org.imsemu.runtime;

import java.util.Map;
import java.util.Optional;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ServiceProfile;
import org.imsemu.scenario.Subscriber;
import org.imsemu.scenario.Ue;

/**
 * Which TS 24.228 flow a call between two UEs of a scenario must follow, and who plays which role:
 * the plain MO/MT flow, or — when the caller has originating and the callee terminating services — the
 * flow with an application server on each side.
 */
record CallFlow(String name, Map<String, String> roles) {

    static CallFlow of(Scenario scenario, Ue caller, Ue callee) {
        Domain orig = scenario.domain(caller.homeDomain()).orElseThrow();
        Domain term = scenario.domain(callee.homeDomain()).orElseThrow();
        Optional<String> origAs = firstApplicationServer(orig, caller);
        Optional<String> termAs = firstApplicationServer(term, callee);
        if (origAs.isPresent() && termAs.isPresent()) {
            return new CallFlow("mo-mt-call-as", FlowRecorder.roles(caller.name(), "UE#1", caller.pcscf(), "P-CSCF#1",
                    orig.scscf().name(), "S-CSCF#1", origAs.get(), "AS#1", term.icscf().name(), "I-CSCF#2",
                    term.scscf().name(), "S-CSCF#2", termAs.get(), "AS#2", callee.pcscf(), "P-CSCF#2", callee.name(), "UE#2"));
        }
        return new CallFlow("mo-mt-call", FlowRecorder.roles(caller.name(), "UE#1", caller.pcscf(), "P-CSCF#1",
                orig.scscf().name(), "S-CSCF#1", term.icscf().name(), "I-CSCF#2", term.scscf().name(), "S-CSCF#2",
                callee.pcscf(), "P-CSCF#2", callee.name(), "UE#2"));
    }

    /** The AS of the first criterion of the UE's service profile, if it has one. */
    private static Optional<String> firstApplicationServer(Domain domain, Ue ue) {
        return domain.subscribers().byImpu(ue.impu()).flatMap(Subscriber::profile).flatMap(domain::serviceProfile)
                .map(ServiceProfile::criteria).filter(c -> !c.isEmpty()).map(c -> c.get(0).applicationServer());
    }
}
