package io.dataworkspace.launcher.api;

import static io.dataworkspace.launcher.api.ApiCalls.actor;
import static io.dataworkspace.launcher.api.ApiCalls.blocking;

import io.dataworkspace.launcher.access.AccessRequestService;
import io.dataworkspace.launcher.access.Actor;
import io.dataworkspace.launcher.access.DatasetService;
import io.dataworkspace.launcher.access.GrantedDataset;
import io.dataworkspace.launcher.access.GrantedDatasets;
import io.dataworkspace.launcher.access.ToolAccess;
import io.dataworkspace.launcher.access.ToolGrantService;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.tool.ToolKind;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.launcher.user.UserRepository;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /me}: everything the signed-in user's home page shows, in one call: their tools (with whether they may
 * start each and its live instance), the datasets they may read and how to reach them from a tool, the
 * visualisations (with whether they may view each) and their access requests.
 */
final class MeApi {
    private static final int MAX_REQUESTS = 100;

    private final UserRepository users;
    private final ToolRepository tools;
    private final InstanceRepository instances;
    private final ToolGrantService toolGrants;
    private final GrantedDatasets granted;
    private final DatasetService datasets;
    private final AccessRequestService requests;
    private final Optional<String> dsnVariable;
    private final String bucket;

    /**
     * @param dsnVariable the variable tools find the datasets database in ({@code DATABASE_DSN__<database>}); empty
     *                    when tools get no database credentials
     * @param bucket      the bucket dataset prefixes live in
     */
    MeApi(UserRepository users, ToolRepository tools, InstanceRepository instances, ToolGrantService toolGrants,
            GrantedDatasets granted, DatasetService datasets, AccessRequestService requests,
            Optional<String> dsnVariable, String bucket) {
        this.users = users;
        this.tools = tools;
        this.instances = instances;
        this.toolGrants = toolGrants;
        this.granted = granted;
        this.datasets = datasets;
        this.requests = requests;
        this.dsnVariable = dsnVariable;
        this.bucket = bucket;
    }

    void mount(Router router) {
        router.get("/api/v1/me").blockingHandler(blocking(this::me), false);
    }

    private void me(RoutingContext ctx) {
        Actor actor = actor(ctx);
        if (actor.userId() == null) {
            throw ApiException.badRequest("GET /me describes a signed-in user; the bootstrap token has none");
        }
        User user = users.find(actor.userId())
                .orElseThrow(() -> ApiException.notFound("no user with id " + actor.userId()));
        Map<String, ToolAccess> access = tools.accessBySlug();
        Set<String> grantedTools = new HashSet<>(toolGrants.grantedTools(user.id()));
        Map<String, Instance> live = new HashMap<>();
        for (Instance i : instances.list(user.id(), true, 100)) {
            live.putIfAbsent(i.toolSlug(), i);
        }
        JsonArray toolList = new JsonArray();
        JsonArray visualisations = new JsonArray();
        Actor self = new Actor(user.id(), user.admin(), actor.sourceIp());
        for (ToolTemplate t : tools.list()) {
            ToolAccess mode = access.getOrDefault(t.slug(), ToolAccess.GRANTED);
            boolean may = ToolsApi.mayUse(self, t, mode, grantedTools);
            if (t.kind() == ToolKind.VISUALISATION) {
                visualisations.add(new JsonObject().put("slug", t.slug()).put("name", t.name())
                        .put("description", t.description()).put("host", t.slug()).put("mayView", may));
            } else {
                Instance i = live.get(t.slug());
                toolList.add(AccessViews.tool(t, mode, may).put("instance", i == null ? null : new JsonObject()
                        .put("id", i.id().toString()).put("state", i.phase().name()).put("host", i.host())));
            }
        }
        ctx.json(new JsonObject()
                .put("user", new JsonObject().put("id", user.id()).put("email", user.email()).put("name", user.name())
                        .put("admin", user.admin()))
                .put("tools", toolList)
                .put("datasets", datasets(granted.forUser(user.id())))
                .put("visualisations", visualisations)
                .put("requests", new JsonArray(requests.own(user.id(), MAX_REQUESTS).stream()
                        .map(AccessViews::request).toList())));
    }

    private JsonArray datasets(List<GrantedDataset> list) {
        Map<Long, String> descriptions = datasets.descriptions(list.stream().map(GrantedDataset::id).toList());
        JsonArray json = new JsonArray();
        for (GrantedDataset d : list) {
            json.add(new JsonObject()
                    .put("id", d.id())
                    .put("name", d.name())
                    .put("description", descriptions.getOrDefault(d.id(), ""))
                    .put("tables", AccessViews.tables(d.tables()))
                    .put("s3Prefixes", new JsonArray(d.s3Prefixes()))
                    .put("dsnVariable", dsnVariable.orElse(null))
                    .put("s3Paths", new JsonArray(d.s3Prefixes().stream().map(p -> "s3://" + bucket + "/" + p)
                            .toList())));
        }
        return json;
    }
}
