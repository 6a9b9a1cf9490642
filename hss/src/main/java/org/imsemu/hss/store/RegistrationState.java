package org.imsemu.hss.store;

/** A public identity's state in the HSS (TS 29.228 6.1.2, Server-Assignment-Type effects). */
public enum RegistrationState {
    NOT_REGISTERED, REGISTERED, UNREGISTERED
}
