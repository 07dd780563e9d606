package org.dlmwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlmwatch.desk.AlertDesk;
import org.dlmwatch.desk.DeskSettings;
import org.dlmwatch.desk.auth.Users;
import org.dlmwatch.desk.delivery.DeliveryConfig;
import org.dlmwatch.observability.Health;
import org.dlmwatch.observability.OpsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "desk", mixinStandardHelpOptions = true,
        description = {
            "Run the alert desk alone on an existing cluster and registry: the oncology team's worklist, alert",
            "pages, actions (acknowledge, override with a reason, resolve, comment) and delivery (webhook, email,",
            "escalation). Every instance shows the same state; run several behind one address for availability."
        })
final class DeskCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    DeskOptions desk;

    @Mixin
    OpsHostOption ops;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (desk.usersFile == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--users-file (DLMWATCH_USERS_FILE) is required: who may sign in, with hashed passwords");
        }
        try (RunningServices services = new RunningServices()) {
            desk.start(services, connection.kafkaProperties(), connection.schemaRegistryUrl(), desk.usersFile, false,
                    ops.host, spec.commandLine().getOut());
            services.awaitStop();
        }
        return 0;
    }

    /** The desk's settings as options, shared by {@code desk} and {@code run}. */
    static final class DeskOptions {

        @Option(names = "--http-host", defaultValue = "${env:DLMWATCH_DESK_HOST:-127.0.0.1}",
                description = "Interface the desk's web pages and API listen on (default ${DEFAULT-VALUE}).")
        String httpHost;

        @Option(names = "--http-port", defaultValue = "${env:DLMWATCH_DESK_PORT:-8080}",
                description = "Port of the desk's web pages and API (default ${DEFAULT-VALUE}).")
        int httpPort;

        @Option(names = "--desk-ops-port", defaultValue = "${env:DLMWATCH_DESK_OPS_PORT:-9401}",
                description = "Port of the desk's /health/live, /health/ready and /metrics (default ${DEFAULT-VALUE}).")
        int opsPort;

        @Option(names = "--users-file", paramLabel = "FILE", defaultValue = "${env:DLMWATCH_USERS_FILE}",
                description = "Users, roles (clinician, viewer, ops) and password hashes (env DLMWATCH_USERS_FILE; "
                        + "'run' creates a demo user when omitted).")
        Path usersFile;

        @Option(names = "--public-url", paramLabel = "URL", defaultValue = "${env:DLMWATCH_PUBLIC_URL}",
                description = "The desk's address as users reach it, for links in notifications (env DLMWATCH_PUBLIC_URL).")
        String publicUrl;

        @Option(names = "--delivery-config", paramLabel = "FILE", defaultValue = "${env:DLMWATCH_DELIVERY_CONFIG}",
                description = "Delivery channels (webhook, SMTP), severity threshold and escalation times "
                        + "(env DLMWATCH_DELIVERY_CONFIG; none: nothing is sent).")
        Path deliveryConfig;

        @Option(names = "--session-secret-file", paramLabel = "FILE", defaultValue = "${env:DLMWATCH_SESSION_SECRET_FILE}",
                description = "Key of the session cookies, the same for every instance behind one address "
                        + "(env DLMWATCH_SESSION_SECRET_FILE; none: a random one per start).")
        Path sessionSecretFile;

        @Option(names = "--desk-group-id", defaultValue = "${env:DLMWATCH_DESK_GROUP_ID:-" + DeskSettings.DEFAULT_GROUP_ID + "}",
                description = "Consumer group sharing delivery among the desk instances (default ${DEFAULT-VALUE}).")
        String groupId;

        AlertDesk start(RunningServices services, Map<String, Object> kafka, String schemaRegistryUrl, Path users,
                boolean autoRegisterSchemas, String opsHost, PrintWriter out) throws IOException {
            DeskSettings settings = DeskSettings.defaults(kafka, schemaRegistryUrl, users)
                    .withAutoRegisterSchemas(autoRegisterSchemas)
                    .withHttp(httpHost, httpPort)
                    .withGroupId(groupId)
                    .withDelivery(deliveryConfig == null ? DeliveryConfig.none() : DeliveryConfig.load(deliveryConfig));
            if (publicUrl != null) {
                settings = settings.withPublicBaseUrl(publicUrl);
            }
            if (sessionSecretFile != null) {
                settings = settings.withSessionSecret(Files.readString(sessionSecretFile, StandardCharsets.UTF_8).trim()
                        .getBytes(StandardCharsets.UTF_8));
            }
            AlertDesk desk = services.add(new AlertDesk(settings)).start();
            OpsServer opsServer = services.add(OpsServer.start(opsHost, opsPort, desk.meters(), Map.of("view",
                    () -> desk.ready() ? Health.up("read to the end of its topics") : Health.down("still reading its topics"))));
            out.printf("alert desk: %s   (delivery %s)%n", desk.url() + "worklist",
                    deliveryConfig == null ? "off" : "from " + deliveryConfig);
            out.printf("  health and metrics       http://%s:%d/health/ready  http://%s:%d/metrics%n",
                    opsHost, opsServer.port(), opsHost, opsServer.port());
            out.flush();
            return desk;
        }

        /** The users file to use in a local run: the given one, or a new one with a demo clinician. */
        Path usersForLocalRun(Path dataDir, PrintWriter out) {
            if (usersFile != null) {
                return usersFile;
            }
            Users.DemoUser demo = Users.demoFile(dataDir.resolve("desk-users.txt"));
            out.printf("alert desk sign-in: user %s, password %s (a new one at every local run)%n", demo.username(),
                    demo.password());
            return demo.file();
        }
    }
}
