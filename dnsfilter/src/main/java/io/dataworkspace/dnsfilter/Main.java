package io.dataworkspace.dnsfilter;

import io.dataworkspace.dnsfilter.rules.RulesException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the filter from the environment; reloads the rules on SIGHUP; stops on SIGTERM. Only wiring. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /**
     * @param args ignored: configuration comes from the environment (see the README)
     */
    public static void main(String[] args) {
        DnsFilterConfig config;
        try {
            config = DnsFilterConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("dnsfilter: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        DnsFilter filter;
        try {
            filter = DnsFilter.start(config);
        } catch (RulesException e) {
            System.err.println("dnsfilter: cannot use the rules file " + config.rulesFile() + ": " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("dnsfilter: cannot start: " + e);
            System.exit(1);
            return;
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> {
                LOG.info("SIGHUP: reloading the rules");
                filter.reloadRules();
            });
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP reload not available on this platform: {}", e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(filter::close, "dnsfilter-shutdown"));
        // One full collection now, before the first queries: what start-up left alive (loaded classes' data, Netty's
        // arenas, the parsed rules, several MB) moves to the old generation, so no later young collection has to copy
        // it (with a large young generation the first one otherwise took 10-50 ms in the middle of the traffic).
        System.gc();
        LOG.info("dnsfilter ready: DNS on {}, HTTP on port {}", filter.dnsAddress(), filter.httpPort());
    }
}
