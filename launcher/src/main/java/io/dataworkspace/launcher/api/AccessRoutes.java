package io.dataworkspace.launcher.api;

import io.dataworkspace.launcher.access.AccessRequestService;
import io.dataworkspace.launcher.access.AuditSearch;
import io.dataworkspace.launcher.access.DatasetGrantService;
import io.dataworkspace.launcher.access.DatasetService;
import io.dataworkspace.launcher.access.GrantedDatasets;
import io.dataworkspace.launcher.access.TeamService;
import io.dataworkspace.launcher.access.ToolAdmin;
import io.dataworkspace.launcher.access.ToolGrantService;
import io.dataworkspace.launcher.access.UserAdmin;
import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.credentials.InstanceCredentials;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.user.UserRepository;
import io.vertx.ext.web.Router;

/**
 * The access model's endpoints under {@code /api/v1} (users, teams, tools and their grants, datasets and their
 * grants, access requests, audit, {@code /me}); mounted by {@link LauncherApi#mount} after authentication.
 */
final class AccessRoutes {
    private final UsersApi users;
    private final TeamsApi teams;
    private final ToolsApi tools;
    private final DatasetsApi datasets;
    private final RequestsApi requests;
    private final AuditApi audit;
    private final MeApi me;
    private final CatalogueApi catalogue;

    AccessRoutes(Jdbc jdbc, ToolRepository toolRepository, UserRepository userRepository,
            InstanceRepository instances, SpawnService spawns, Backends backends, InstanceCredentials credentials) {
        AuditLog log = new AuditLog(jdbc);
        ToolGrantService toolGrants = new ToolGrantService(jdbc, log);
        DatasetService datasetService = new DatasetService(jdbc, log);
        AccessRequestService requestService = new AccessRequestService(jdbc, log);
        this.users = new UsersApi(new UserAdmin(userRepository, spawns, log));
        this.teams = new TeamsApi(new TeamService(jdbc, log));
        this.tools = new ToolsApi(toolRepository, new ToolAdmin(toolRepository, backends, log), toolGrants);
        this.datasets = new DatasetsApi(datasetService, new DatasetGrantService(jdbc, log, datasetService));
        this.requests = new RequestsApi(requestService);
        this.audit = new AuditApi(new AuditSearch(jdbc));
        this.me = new MeApi(userRepository, toolRepository, instances, toolGrants, new GrantedDatasets(jdbc),
                datasetService, requestService, credentials.dsnVariable(), credentials.config().bucket());
        this.catalogue = new CatalogueApi(jdbc);
    }

    void mount(Router router) {
        me.mount(router);
        users.mount(router);
        teams.mount(router);
        tools.mount(router);
        datasets.mount(router);
        requests.mount(router);
        audit.mount(router);
        catalogue.mount(router);
    }
}
