package org.imsemu.scenario;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A named {@code <service-profile>} of a domain: the initial filter criteria the HSS gives the S-CSCF
 * for every subscriber with {@code profile="name"}.
 *
 * @param criteria    the {@code <ifc>} elements, in document order
 * @param rawCriteria the {@code <InitialFilterCriteria>} elements written in TS 29.228 XML, each as
 *                    compact XML (no white space between elements, no comments), in document order
 */
public record ServiceProfile(String name, List<InitialFilterCriterion> criteria, List<String> rawCriteria) {

    public ServiceProfile {
        Objects.requireNonNull(name, "name");
        criteria = List.copyOf(criteria);
        rawCriteria = List.copyOf(rawCriteria);
    }

    /**
     * The TS 29.228 XML of all criteria: a sequence of {@code <InitialFilterCriteria>} elements (the
     * {@code <ifc>} ones first, then the raw ones), to be stored in the HSS and put in a ServiceProfile
     * of the Cx User-Data as it is.
     */
    public String initialFilterCriteriaXml() {
        return Stream.concat(criteria.stream().map(InitialFilterCriterion::toXml), rawCriteria.stream())
                .collect(Collectors.joining());
    }
}
