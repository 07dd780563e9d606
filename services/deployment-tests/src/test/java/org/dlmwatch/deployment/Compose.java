package org.dlmwatch.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker/compose.yaml as Compose reads it with an empty environment: {@code ${VAR:-default}}
 * becomes the default, {@code $$} a dollar. Only what the tests need of the Compose model.
 */
final class Compose {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String FILE = "docker/compose.yaml";
    /** The image's ENTRYPOINT: the wrapper that runs the jar (docker/dlm-watch). */
    static final String CLI = "dlm-watch";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:?\\?)([^}]*))?}");

    private final JsonNode root;

    private Compose(JsonNode root) {
        this.root = root;
    }

    static Compose load() {
        return new Compose(interpolate(readYaml(Repository.path(FILE))));
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    JsonNode root() {
        return root;
    }

    Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        root.path("services").properties().forEach(e -> services.put(e.getKey(), new Service(e.getKey(), e.getValue())));
        return services;
    }

    Service service(String name) {
        Service service = services().get(name);
        if (service == null) {
            throw new AssertionError(FILE + " has no service '" + name + "'");
        }
        return service;
    }

    /** Services built from the repository's Dockerfile: the dlm-watch services and tools. */
    List<Service> dlmWatchServices() {
        return services().values().stream().filter(Service::isDlmWatch).toList();
    }

    boolean declaresVolume(String name) {
        return root.path("volumes").has(name);
    }

    boolean declaresSecret(String name) {
        return root.path("secrets").has(name);
    }

    /** One service of the compose file. */
    record Service(String name, JsonNode node) {

        boolean isDlmWatch() {
            return node.path("build").path("dockerfile").asText("").equals("docker/Dockerfile");
        }

        String image() {
            return node.path("image").asText("");
        }

        /** environment, as a map whether written as a map or as a list of NAME=VALUE. */
        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            JsonNode e = node.path("environment");
            if (e.isObject()) {
                e.properties().forEach(f -> env.put(f.getKey(), f.getValue().isNull() ? "" : f.getValue().asText()));
            } else if (e.isArray()) {
                e.forEach(line -> {
                    String[] kv = line.asText().split("=", 2);
                    env.put(kv[0], kv.length > 1 ? kv[1] : "");
                });
            }
            return env;
        }

        List<String> strings(String field) {
            List<String> values = new ArrayList<>();
            JsonNode n = node.path(field);
            if (n.isArray()) {
                n.forEach(v -> values.add(v.asText()));
            } else if (n.isTextual()) {
                values.add(n.asText());
            }
            return values;
        }

        /** The container ports of {@code ports:} ("127.0.0.1:9400:9400", "8080:8080", "9400"). */
        List<Integer> containerPorts() {
            List<Integer> ports = new ArrayList<>();
            for (JsonNode p : node.path("ports")) {
                if (p.isObject()) {
                    ports.add(p.path("target").asInt());
                } else {
                    String spec = p.asText().replaceAll("/(tcp|udp)$", "");
                    ports.add(Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1)));
                }
            }
            return ports;
        }

        /** Mounts: target path to source (a named volume, a ./host path, or "secret:NAME"). */
        Map<String, String> mounts() {
            Map<String, String> mounts = new LinkedHashMap<>();
            for (JsonNode v : node.path("volumes")) {
                if (v.isObject()) {
                    mounts.put(v.path("target").asText(), v.path("source").asText());
                } else {
                    String[] parts = v.asText().split(":");
                    mounts.put(parts[1], parts[0]);
                }
            }
            for (JsonNode s : node.path("secrets")) {
                String name = s.isObject() ? s.path("source").asText() : s.asText();
                String target = s.isObject() && s.has("target") ? s.path("target").asText() : name;
                mounts.put(target.startsWith("/") ? target : "/run/secrets/" + target, "secret:" + name);
            }
            return mounts;
        }

        /** The mount a container path lies in, if any: (target, source). */
        Optional<Map.Entry<String, String>> mountOf(String containerPath) {
            return mounts().entrySet().stream()
                    .filter(m -> containerPath.equals(m.getKey()) || containerPath.startsWith(m.getKey() + "/"))
                    .findFirst();
        }

        Map<String, String> dependsOn() {
            Map<String, String> deps = new LinkedHashMap<>();
            JsonNode d = node.path("depends_on");
            if (d.isArray()) {
                d.forEach(s -> deps.put(s.asText(), "service_started"));
            } else {
                d.properties().forEach(f -> deps.put(f.getKey(), f.getValue().path("condition").asText("service_started")));
            }
            return deps;
        }

        /** The healthcheck's test as one string ("" if none). */
        String healthcheck() {
            JsonNode test = node.path("healthcheck").path("test");
            if (test.isArray()) {
                List<String> parts = new ArrayList<>();
                test.forEach(t -> parts.add(t.asText()));
                return String.join(" ", parts);
            }
            return test.asText("");
        }

        /**
         * The dlm-watch command lines this service runs, each without the leading "dlm-watch": the
         * image's entrypoint plus {@code command}, or every "dlm-watch ..." of a shell script when
         * the entrypoint is a shell.
         */
        List<List<String>> invocations() {
            List<String> entrypoint = strings("entrypoint");
            List<String> command = strings("command");
            List<List<String>> invocations = new ArrayList<>();
            if (entrypoint.isEmpty()) {
                invocations.add(command);
                return invocations;
            }
            if (!(entrypoint.get(0).equals("/bin/sh") || entrypoint.get(0).equals("sh"))
                    || !entrypoint.get(entrypoint.size() - 1).matches("-e?c")) {
                throw new AssertionError(name + ": entrypoint " + entrypoint + " is neither the image's nor a shell");
            }
            String script = String.join("\n", command);
            for (String segment : script.split("&&|\\|\\||;|\\n")) {
                String s = segment.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (s.contains("\"") || s.contains("'") || s.contains("$")) {
                    throw new AssertionError(name + ": keep the script plain (no quotes or variables): " + s);
                }
                List<String> words = List.of(s.split("\\s+"));
                if (!words.get(0).equals(CLI)) {
                    throw new AssertionError(name + ": the script runs something else than " + CLI + ": " + s);
                }
                invocations.add(words.subList(1, words.size()));
            }
            return invocations;
        }
    }

    /** Compose's variable interpolation, with no variable set: defaults apply, $$ is $. */
    static JsonNode interpolate(JsonNode node) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(interpolate(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), interpolate(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> copy.add(interpolate(n)));
            return copy;
        }
        return node;
    }

    static String interpolate(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(4) != null) {
                throw new AssertionError("compose variable " + m.group(1) + " is required (" + m.group(5)
                        + "): the file must work with an empty environment");
            } else {
                replacement = m.group(3) == null ? "" : m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
