package io.dataworkspace.server;

import io.dataworkspace.launcher.StartupException;
import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.db.DatabaseException;
import io.dataworkspace.launcher.tool.ToolCatalogException;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code dataworkspace serve}: runs the platform on its embedded defaults, or on what the environment configures.
 * Startup failures end with one sentence on standard error and a non-zero exit, never a bare stack trace.
 */
public final class Main {
    static final int OK = 0;
    static final int STARTUP_FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: dataworkspace serve [--roles proxy,launcher]
              Starts Data Workspace. With no configuration it keeps its data under ./.dataworkspace
              (embedded PostgreSQL, embedded development sign-in, local tool processes) and runs every role.
              --roles runs only some roles, e.g. proxies and launchers as separate services on one database.
              See README.md for the environment variables.""";

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(List.of(args), Env.system(), System.err, Main::awaitShutdown);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Parses the command, starts the server and hands it to {@code whileRunning}; returns the exit code. */
    static int run(List<String> args, Env env, PrintStream err, ServerHolder whileRunning) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            err.println(USAGE_TEXT);
            return args.isEmpty() ? USAGE : OK;
        }
        boolean serve = args.get(0).equals("serve")
                && (args.size() == 1 || args.size() == 3 && args.get(1).equals("--roles"));
        if (!serve) {
            err.println("dataworkspace: unknown command " + String.join(" ", args));
            err.println(USAGE_TEXT);
            return USAGE;
        }
        DataWorkspaceServer server;
        try {
            Set<Role> roles = args.size() == 3 ? Role.parse(args.get(2)) : EnumSet.allOf(Role.class);
            server = DataWorkspaceServer.start(env, roles);
        } catch (ConfigException | ToolCatalogException | DatabaseException | StartupException e) {
            err.println("dataworkspace: cannot start: " + e.getMessage());
            return STARTUP_FAILED;
        }
        whileRunning.hold(server);
        return OK;
    }

    /** What to do with the started server: in production, wait for a signal and then close it. */
    @FunctionalInterface
    interface ServerHolder {
        void hold(DataWorkspaceServer server);
    }

    private static void awaitShutdown(DataWorkspaceServer server) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
