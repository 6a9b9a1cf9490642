package org.imsemu.capture;

/** The application protocol a captured message carries; decides how it is labelled and dissected. */
public enum Protocol {
    SIP, DIAMETER, DNS, RTP, OTHER
}
