package org.dlmwatch.desk.http;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dlmwatch.desk.view.AlertQuery;
import org.dlmwatch.desk.view.TeamStatus;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Severity;

/**
 * Parses a list query from request parameters; a wrong value is a 400 that says what is allowed.
 * Multi-valued filters take repeated parameters or comma-separated values: {@code severity=HIGH,CRITICAL}.
 */
final class QueryParams {

    private QueryParams() {}

    static AlertQuery parse(Map<String, List<String>> params, AlertQuery.State defaultState, int defaultSize) {
        Set<String> known = Set.of("status", "severity", "type", "teamStatus", "patientId", "state", "page", "size");
        for (String name : params.keySet()) {
            if (!known.contains(name)) {
                throw ApiException.badRequest("unknown parameter '" + name + "'; known: " + String.join(", ",
                        known.stream().sorted().toList()));
            }
        }
        Set<AlertStatus> statuses = enums(params, "status", AlertStatus.class);
        Set<Severity> severities = enums(params, "severity", Severity.class);
        Set<AlertType> types = enums(params, "type", AlertType.class);
        Set<TeamStatus> team = enums(params, "teamStatus", TeamStatus.class);
        String patient = single(params, "patientId");
        AlertQuery.State state = defaultState;
        String s = single(params, "state");
        if (s != null) {
            try {
                state = AlertQuery.State.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("parameter 'state' must be one of open, closed, all");
            }
        }
        int page = integer(params, "page", 1, 1, Integer.MAX_VALUE);
        int size = integer(params, "size", defaultSize, 1, AlertQuery.MAX_SIZE);
        return new AlertQuery(statuses, severities, types, team, patient, state, page, size);
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty() || v.get(0).isBlank()) {
            return null;
        }
        if (v.size() > 1) {
            throw ApiException.badRequest("parameter '" + name + "' can be given once");
        }
        return v.get(0).strip();
    }

    private static int integer(Map<String, List<String>> params, String name, int dflt, int min, int max) {
        String v = single(params, name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be a whole number from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max));
        }
    }

    private static <E extends Enum<E>> Set<E> enums(Map<String, List<String>> params, String name, Class<E> type) {
        List<String> raw = params.get(name);
        if (raw == null) {
            return Set.of();
        }
        EnumSet<E> out = EnumSet.noneOf(type);
        for (String value : raw) {
            for (String part : value.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                try {
                    out.add(Enum.valueOf(type, p.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("parameter '" + name + "' must be one of " + Arrays
                            .stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
                }
            }
        }
        return out;
    }
}
