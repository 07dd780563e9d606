package org.dlmwatch.desk.web;

import java.time.Instant;
import java.time.ZoneId;
import org.dlmwatch.desk.auth.Principal;

/** What every page needs: who is signed in, the form token, the desk's "now" and time zone. */
public record PageContext(Principal user, String csrf, Instant now, ZoneId zone) {}
