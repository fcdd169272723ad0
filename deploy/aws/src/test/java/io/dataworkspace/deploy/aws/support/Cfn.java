package io.dataworkspace.deploy.aws.support;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awscdk.assertions.Template;

/** Small helpers to read CloudFormation templates as plain maps in assertions. */
public final class Cfn {

    private Cfn() {
    }

    /** @return resources of a type: logical id → resource (Type, Properties, ...) */
    public static Map<String, Map<String, Object>> resources(Template template, String type) {
        return template.findResources(type);
    }

    /** @return the Properties map of a resource */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> props(Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties == null ? Map.of() : (Map<String, Object>) properties;
    }

    /** @return the single resource of a type */
    public static Map<String, Object> single(Template template, String type) {
        Map<String, Map<String, Object>> found = template.findResources(type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type + ", found " + found.keySet());
        }
        return found.values().iterator().next();
    }

    /** @return {@code {"Ref": id}} */
    public static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    /** @return the logical id a {@code {"Ref": id}} or {@code {"Fn::GetAtt": [id, attr]}} points at, else null */
    @SuppressWarnings("unchecked")
    public static String target(Object reference) {
        if (reference instanceof Map<?, ?> map) {
            if (map.get("Ref") instanceof String id) {
                return id;
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt && !getAtt.isEmpty()) {
                return String.valueOf(getAtt.get(0));
            }
        }
        return null;
    }

    /** @return a list value (CloudFormation lists), or an empty list */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        return value == null ? List.of() : List.of(value);
    }

    /** @return tags of a resource as key → value (values rendered as strings) */
    public static Map<String, String> tags(Map<String, Object> resource) {
        Object tags = props(resource).get("Tags");
        if (tags instanceof List<?> list) {
            return list.stream()
                    .filter(Map.class::isInstance)
                    .map(Map.class::cast)
                    .collect(Collectors.toMap(t -> String.valueOf(t.get("Key")), t -> String.valueOf(t.get("Value")),
                            (a, b) -> a));
        }
        if (tags instanceof Map<?, ?> map) {
            return map.entrySet().stream().collect(Collectors.toMap(e -> String.valueOf(e.getKey()),
                    e -> String.valueOf(e.getValue())));
        }
        return Map.of();
    }

    /** @return policy statements of a policy document property */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> statements(Object policyDocument) {
        if (!(policyDocument instanceof Map<?, ?> doc)) {
            return List.of();
        }
        return list(doc.get("Statement")).stream()
                .filter(Objects::nonNull)
                .map(s -> (Map<String, Object>) s)
                .toList();
    }

    /** @return the properties of the task definition of a family */
    public static Map<String, Object> taskDefinition(Template template, String family) {
        return resources(template, "AWS::ECS::TaskDefinition").values().stream()
                .map(Cfn::props)
                .filter(p -> family.equals(p.get("Family")))
                .findFirst().orElseThrow(() -> new AssertionError("no task definition " + family));
    }

    /** @return a task definition's containers by name */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> containers(Map<String, Object> taskDefinition) {
        return list(taskDefinition.get("ContainerDefinitions")).stream()
                .map(c -> (Map<String, Object>) c)
                .collect(Collectors.toMap(c -> c.get("Name").toString(), c -> c));
    }

    /** @return a container's environment as name → value */
    @SuppressWarnings("unchecked")
    public static Map<String, String> environment(Map<String, Object> container) {
        return list(container.get("Environment")).stream()
                .map(e -> (Map<String, Object>) e)
                .collect(Collectors.toMap(e -> e.get("Name").toString(), e -> String.valueOf(e.get("Value"))));
    }
}
