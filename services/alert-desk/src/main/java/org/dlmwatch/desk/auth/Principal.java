package org.dlmwatch.desk.auth;

/** The signed-in user. */
public record Principal(String name, Role role) {

    public boolean canAct() {
        return role == Role.CLINICIAN;
    }

    public boolean canRead() {
        return role == Role.CLINICIAN || role == Role.VIEWER;
    }
}
