package org.dlmwatch.desk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.javalin.security.RouteRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dlmwatch.desk.action.ActionRejected;
import org.dlmwatch.desk.action.ActionService;
import org.dlmwatch.desk.auth.Principal;
import org.dlmwatch.desk.auth.Role;
import org.dlmwatch.desk.auth.Sessions;
import org.dlmwatch.desk.auth.SignInThrottle;
import org.dlmwatch.desk.auth.Users;
import org.dlmwatch.desk.patient.PatientSummary;
import org.dlmwatch.desk.view.AlertEntry;
import org.dlmwatch.desk.view.AlertQuery;
import org.dlmwatch.desk.view.DeskView;
import org.dlmwatch.desk.view.ResultPage;
import org.dlmwatch.desk.web.PageContext;
import org.dlmwatch.desk.web.Pages;
import org.dlmwatch.platform.json.ContractJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's HTTP side (Javalin): the JSON API under {@code /api}, the server-rendered pages, sign-in,
 * live refresh (server-sent events), health and metrics. Every route names the roles it admits; a
 * request without a session gets 401 (API) or the sign-in page (pages), a signed-in user without the
 * role 403.
 */
public final class DeskServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeskServer.class);
    private static final RouteRole[] READ = {Role.CLINICIAN, Role.VIEWER};
    private static final RouteRole[] ACT = {Role.CLINICIAN};
    private static final RouteRole[] OPS = {Role.OPS};
    private static final RouteRole[] ANY = {Role.CLINICIAN, Role.VIEWER, Role.OPS};
    private static final String PRINCIPAL = "desk.principal";
    private static final String TOKEN = "desk.token";

    private final DeskView view;
    private final ActionService actions;
    private final Users users;
    private final Sessions sessions;
    private final Clock clock;
    private final SignInThrottle throttle;
    private final ZoneId zone;
    private final boolean secureCookies;
    private final PrometheusMeterRegistry meters;
    private final Supplier<Map<String, Object>> health;
    private final Function<AlertEntry, Optional<java.time.Instant>> escalationDueAt;
    private final Set<SseClient> sse = ConcurrentHashMap.newKeySet();
    /** Basic-auth credentials already checked (SHA-256 of the header → user), so PBKDF2 runs once. */
    private final Map<String, String> basicCache = new ConcurrentHashMap<>();
    private final Javalin app;

    public DeskServer(DeskView view, ActionService actions, Users users, Sessions sessions, Clock clock, ZoneId zone,
            boolean secureCookies, PrometheusMeterRegistry meters, Supplier<Map<String, Object>> health,
            Function<AlertEntry, Optional<java.time.Instant>> escalationDueAt) {
        this.view = view;
        this.actions = actions;
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
        this.throttle = new SignInThrottle(clock);
        this.zone = zone;
        this.secureCookies = secureCookies;
        this.meters = meters;
        this.health = health;
        this.escalationDueAt = escalationDueAt;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                sf.directory = "/desk-static";
                sf.location = Location.CLASSPATH;
            });
            config.http.maxRequestSize = 64 * 1024L;
        });
        routes();
        view.addListener(change -> {
            String data = "{\"version\":" + change.version() + ",\"newlyRaised\":" + change.newlyRaised()
                    + ",\"alertIds\":" + ContractJson.mapper().valueToTree(change.alertIds()) + "}";
            for (SseClient c : sse) {
                try {
                    c.sendEvent("alerts", data);
                } catch (RuntimeException e) {
                    sse.remove(c);
                }
            }
        });
    }

    public DeskServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        sse.forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException e) {
                // closing anyway
            }
        });
        app.stop();
    }

    // ---- routes -----------------------------------------------------------------------------------

    private void routes() {
        app.before(this::identify);
        app.beforeMatched(this::authorize);
        app.after(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
            if (!ctx.path().startsWith("/static/")) {
                ctx.header("Cache-Control", "no-store");
                ctx.header("Content-Security-Policy",
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                + "frame-ancestors 'none'; form-action 'self'");
            }
        });

        // public
        app.get("/health", ctx -> {
            Map<String, Object> h = health.get();
            boolean up = Boolean.TRUE.equals(h.get("ready"));
            json(ctx, up ? 200 : 503, ContractJson.mapper().createObjectNode().put("status", up ? "UP" : "DOWN"));
        });
        app.get("/login", ctx -> ctx.html(Pages.login(safeNext(ctx.queryParam("next")), null, null)));
        app.post("/login", this::loginForm);
        app.post("/api/session", this::loginApi);

        // any signed-in user
        app.get("/api/session", ctx -> {
            Principal p = principal(ctx);
            json(ctx, 200, ContractJson.mapper().createObjectNode().put("user", p.name()).put("role", p.role().label()));
        }, ANY);
        app.delete("/api/session", ctx -> {
            clearCookie(ctx);
            ctx.status(204);
        }, ANY);
        app.post("/logout", ctx -> {
            checkCsrf(ctx);
            clearCookie(ctx);
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        }, ANY);

        // pages
        app.get("/", ctx -> ctx.redirect("/worklist"), READ);
        app.get("/worklist", ctx -> listPage(ctx, true), READ);
        app.get("/alerts", ctx -> listPage(ctx, false), READ);
        app.get("/alerts/{alertId}", ctx -> alertPage(ctx, null, null, 200), READ);
        app.post("/alerts/{alertId}/actions", this::actionForm, ACT);
        app.get("/patients/{patientId}", this::patientPage, READ);

        // API
        app.get("/api/alerts", ctx -> {
            AlertQuery q = QueryParams.parse(ctx.queryParamMap(), AlertQuery.State.ALL, AlertQuery.DEFAULT_SIZE);
            json(ctx, 200, JsonViews.page(view.query(q)));
        }, READ);
        app.get("/api/alerts/{alertId}", ctx -> {
            AlertEntry e = alertOr404(ctx.pathParam("alertId"));
            json(ctx, 200, JsonViews.detail(e, view.deliveries(e.alertId()), escalationDueAt.apply(e)));
        }, READ);
        app.post("/api/alerts/{alertId}/actions", this::actionApi, ACT);
        app.get("/api/patients/{patientId}", ctx -> {
            String id = ctx.pathParam("patientId");
            PatientSummary p = view.patient(id).orElseThrow(() -> ApiException.notFound("unknown patient"));
            json(ctx, 200, JsonViews.patient(p, patientAlerts(id)));
        }, READ);
        app.sse("/api/events", client -> {
            client.keepAlive();
            client.onClose(() -> sse.remove(client));
            sse.add(client);
            client.sendEvent("hello", "{\"version\":" + view.version() + "}");
        }, READ);

        // operations
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()),
                OPS);
        app.get("/ops/health", ctx -> json(ctx, 200, ContractJson.mapper().valueToTree(health.get())), OPS);

        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
        app.exception(ActionRejected.class, (e, ctx) ->
                error(ctx, e.kind() == ActionRejected.Kind.CONFLICT ? 409 : 400, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("request failed: method={} route={} error={}", ctx.method(), ctx.endpointHandlerPath(),
                    e.getClass().getName());
            error(ctx, 500, "internal error; the desk logged it");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "not found");
            }
        });
    }

    // ---- authentication -----------------------------------------------------------------------------

    /** Finds who is calling: the session cookie, else HTTP Basic (for API clients and metrics scrapers). */
    private void identify(Context ctx) {
        String token = ctx.cookie(Sessions.COOKIE);
        if (token != null) {
            Optional<Principal> p = sessions.verify(token).flatMap(users::find);
            if (p.isPresent()) {
                ctx.attribute(PRINCIPAL, p.get());
                ctx.attribute(TOKEN, token);
                return;
            }
        }
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String key = sha256(auth);
            String cached = basicCache.get(key);
            if (cached != null) {
                users.find(cached).ifPresent(p -> ctx.attribute(PRINCIPAL, p));
                return;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    String name = decoded.substring(0, colon);
                    // a name with too many failures lately is not checked: the request stays anonymous
                    throttle.attempt(name, () -> users.authenticate(name, decoded.substring(colon + 1).toCharArray()))
                            .user().ifPresent(p -> {
                                if (basicCache.size() > 1000) {
                                    basicCache.clear();
                                }
                                basicCache.put(key, p.name());
                                ctx.attribute(PRINCIPAL, p);
                            });
                }
            } catch (IllegalArgumentException e) {
                // not Base64: no user
            }
        }
    }

    private void authorize(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty()) {
            return; // public route
        }
        Principal p = ctx.attribute(PRINCIPAL);
        boolean api = isApi(ctx);
        if (p == null) {
            if (api) {
                if (ctx.path().startsWith("/metrics") || ctx.path().startsWith("/ops")) {
                    ctx.header("WWW-Authenticate", "Basic realm=\"dlm-watch\"");
                }
                throw new ApiException(401, "sign in first: POST /api/session or HTTP Basic");
            }
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.FOUND);
            ctx.skipRemainingHandlers();
            return;
        }
        if (!roles.contains(p.role())) {
            throw new ApiException(403, p.role() == Role.VIEWER && roles.contains(Role.CLINICIAN)
                    ? "viewers can read alerts but not act on them" : "your role (" + p.role().label()
                    + ") may not use this");
        }
    }

    private void loginForm(Context ctx) {
        String user = ctx.formParam("username");
        String password = ctx.formParam("password");
        String next = safeNext(ctx.formParam("next"));
        SignInThrottle.Attempt attempt = throttle.attempt(user, () -> user == null || password == null
                ? Optional.empty() : users.authenticate(user.strip(), password.toCharArray()));
        if (attempt.mustWait().isPresent()) {
            long seconds = refuseForNow(ctx, attempt.mustWait().get());
            ctx.status(429).html(Pages.login(next, tooManyFailures(seconds), user));
            return;
        }
        Optional<Principal> p = attempt.user();
        if (p.isEmpty()) {
            LOG.info("sign-in refused");
            ctx.status(401).html(Pages.login(next, "Wrong user name or password.", user));
            return;
        }
        setCookie(ctx, sessions.issue(p.get().name()));
        LOG.info("signed in: role={}", p.get().role().label());
        ctx.redirect(p.get().role() == Role.OPS ? "/ops/health" : next, HttpStatus.SEE_OTHER);
    }

    private void loginApi(Context ctx) {
        JsonNode body = jsonBody(ctx);
        String user = text(body, "username");
        String password = text(body, "password");
        if (user == null || password == null) {
            throw ApiException.badRequest("fields 'username' and 'password' are required");
        }
        SignInThrottle.Attempt attempt = throttle.attempt(user, () -> users.authenticate(user, password.toCharArray()));
        if (attempt.mustWait().isPresent()) {
            throw new ApiException(429, tooManyFailures(refuseForNow(ctx, attempt.mustWait().get())));
        }
        Principal p = attempt.user().orElseThrow(() -> {
            LOG.info("sign-in refused");
            return new ApiException(401, "wrong user name or password");
        });
        setCookie(ctx, sessions.issue(p.name()));
        json(ctx, 200, ContractJson.mapper().createObjectNode().put("user", p.name()).put("role", p.role().label()));
    }

    /**
     * Too many failed sign-ins for this user name lately (see SignInThrottle): not checked now.
     *
     * @return the whole seconds to wait, as sent in Retry-After
     */
    private static long refuseForNow(Context ctx, Duration wait) {
        LOG.info("sign-in refused unchecked: too many failures for the user name");
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
        return seconds;
    }

    private static String tooManyFailures(long seconds) {
        return "Too many failed sign-ins for this user name. Try again in "
                + (seconds < 120 ? seconds + " seconds." : (seconds + 59) / 60 + " minutes.");
    }

    private void setCookie(Context ctx, String token) {
        ctx.header("Set-Cookie", Sessions.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + sessions.ttl().toSeconds() + (secureCookies ? "; Secure" : ""));
    }

    private void clearCookie(Context ctx) {
        ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (secureCookies ? "; Secure" : ""));
    }

    private void checkCsrf(Context ctx) {
        String token = ctx.attribute(TOKEN);
        if (!sessions.checkCsrf(token, ctx.formParam("csrf"))) {
            throw new ApiException(403, "the form has expired; reload the page and try again");
        }
    }

    private static String safeNext(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
                ? next : "/worklist";
    }

    // ---- pages ------------------------------------------------------------------------------------

    private PageContext page(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        String token = ctx.attribute(TOKEN);
        return new PageContext(p, token == null ? "" : sessions.csrfToken(token), clock.instant(), zone);
    }

    private void listPage(Context ctx, boolean worklist) {
        AlertQuery q = worklist
                ? QueryParams.parse(Map.of("page", ctx.queryParams("page")), AlertQuery.State.OPEN, AlertQuery.DEFAULT_SIZE)
                : QueryParams.parse(ctx.queryParamMap(), AlertQuery.State.OPEN, AlertQuery.DEFAULT_SIZE);
        long version = view.version();
        ResultPage<AlertEntry> result = view.query(q);
        List<AlertEntry> open = view.query(AlertQuery.openWorklist()).items();
        ctx.html(Pages.list(page(ctx), q, result, Pages.countBySeverity(open), worklist, version, ctx.queryString()));
    }

    private void alertPage(Context ctx, String flash, String error, int status) {
        AlertEntry e = alertOr404(ctx.pathParam("alertId"));
        long version = view.version();
        String done = ctx.queryParam("done");
        if (flash == null && done != null) {
            flash = switch (done) {
                case "acknowledge" -> "Acknowledged. The action is recorded with your name.";
                case "override" -> "Overridden with your reason. The action is recorded with your name.";
                case "resolve" -> "Resolved. The action is recorded with your name.";
                case "comment" -> "Comment added.";
                default -> null;
            };
        }
        var model = new Pages.AlertPageModel(e, view.patient(e.patientId()), view.deliveries(e.alertId()),
                escalationDueAt.apply(e), flash, error, version);
        ctx.status(status).html(Pages.alert(page(ctx), model));
    }

    private void actionForm(Context ctx) {
        checkCsrf(ctx);
        String alertId = ctx.pathParam("alertId");
        String action = ctx.formParam("action");
        try {
            actions.act(alertId, action, ctx.formParam("reason"), ctx.attribute(PRINCIPAL))
                    .orElseThrow(() -> ApiException.notFound("unknown alert"));
            ctx.redirect("/alerts/" + URLEncoder.encode(alertId, StandardCharsets.UTF_8) + "?done="
                    + (action == null ? "" : action.toLowerCase(java.util.Locale.ROOT)), HttpStatus.SEE_OTHER);
        } catch (ActionRejected e) {
            alertPage(ctx, null, e.getMessage(), e.kind() == ActionRejected.Kind.CONFLICT ? 409 : 400);
        }
    }

    private void patientPage(Context ctx) {
        String id = ctx.pathParam("patientId");
        long version = view.version();
        PatientSummary p = view.patient(id).orElseThrow(() -> ApiException.notFound("unknown patient"));
        ctx.html(Pages.patient(page(ctx), p, patientAlerts(id), version));
    }

    // ---- API --------------------------------------------------------------------------------------

    private void actionApi(Context ctx) {
        JsonNode body = jsonBody(ctx);
        var recorded = actions.act(ctx.pathParam("alertId"), text(body, "action"), text(body, "reason"),
                ctx.attribute(PRINCIPAL)).orElseThrow(() -> ApiException.notFound("unknown alert"));
        ObjectNode out = ContractJson.mapper().createObjectNode();
        out.set("action", JsonViews.action(recorded.action()));
        AlertEntry e = recorded.alert();
        out.set("alert", JsonViews.detail(e, view.deliveries(e.alertId()), escalationDueAt.apply(e)));
        json(ctx, 201, out);
    }

    private static JsonNode jsonBody(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "send the body as application/json");
        }
        try {
            JsonNode node = ContractJson.mapper().readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        return n.textValue();
    }

    private AlertEntry alertOr404(String alertId) {
        return view.alert(alertId).orElseThrow(() -> ApiException.notFound("unknown alert"));
    }

    private List<AlertEntry> patientAlerts(String patientId) {
        return view.query(new AlertQuery(null, null, null, null, patientId, AlertQuery.State.ALL, 1,
                AlertQuery.MAX_SIZE)).items();
    }

    private static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    private static boolean isApi(Context ctx) {
        String path = ctx.path();
        return path.startsWith("/api/") || path.startsWith("/metrics") || path.startsWith("/ops/");
    }

    private void error(Context ctx, int status, String message) {
        if (isApi(ctx) || ctx.path().equals("/health")) {
            json(ctx, status, JsonViews.error(status, message));
        } else {
            PageContext pc = ctx.attribute(PRINCIPAL) == null ? null : page(ctx);
            String title = switch (status) {
                case 403 -> "Not allowed";
                case 404 -> "Not found";
                case 400, 409 -> "Cannot do that";
                default -> "Something went wrong";
            };
            ctx.status(status).html(Pages.message(pc, title, message));
        }
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
