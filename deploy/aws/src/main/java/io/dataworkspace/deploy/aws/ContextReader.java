package io.dataworkspace.deploy.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import software.constructs.Node;

/**
 * Flattens CDK context (from {@code cdk.json}, {@code cdk.context.json} and {@code -c key=value}) into the string
 * map {@link io.dataworkspace.deploy.aws.config.DeploymentConfig#fromMap(Map)} reads. Lists become comma-separated
 * strings, so {@code "tools": ["jupyterlab", "rstudio"]} and {@code -c tools=jupyterlab,rstudio} mean the same.
 */
final class ContextReader {

    private ContextReader() {
    }

    static Map<String, String> read(Node node) {
        Object all = node.getAllContext();
        Map<String, String> values = new LinkedHashMap<>();
        if (all instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value != null) {
                    values.put(String.valueOf(key), flatten(value));
                }
            });
        }
        return values;
    }

    static String flatten(Object value) {
        if (value instanceof Iterable<?> items) {
            StringBuilder joined = new StringBuilder();
            for (Object item : items) {
                if (joined.length() > 0) {
                    joined.append(',');
                }
                joined.append(item);
            }
            return joined.toString();
        }
        return String.valueOf(value);
    }
}
