package io.dataworkspace.deploy.aws.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The image configuration as the Maven build defines it, read from the poms (no registry, no Jib run): the root
 * pom's {@code images} profile and each module's {@code image.*} properties.
 */
final class ImagePoms {
    /** The repository root (tests run in deploy/aws). */
    static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();

    /**
     * One module's image.
     *
     * @param module      module folder, relative to the root
     * @param name        image name
     * @param mainClass   main class
     * @param ports       exposed ports as {@code port/protocol}
     * @param environment environment set in the image
     */
    record ModuleImage(String module, String name, String mainClass, Set<String> ports,
                       Map<String, String> environment) {
        /** @return the main class's source file */
        Path mainSource() {
            return ROOT.resolve(module).resolve("src/main/java").resolve(mainClass.replace('.', '/') + ".java");
        }
    }

    private ImagePoms() {
    }

    static Element read(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    static String text(Element parent, String path) {
        Element e = parent;
        for (String name : path.split("/")) {
            e = child(e, name);
        }
        return e.getTextContent().trim();
    }

    /** @return the root pom's {@code images} profile */
    static Element imagesProfile() throws Exception {
        Element root = read(ROOT.resolve("pom.xml"));
        if (!text(root, "artifactId").equals("dataworkspace-parent")) {
            throw new AssertionError(ROOT + " is not the repository root");
        }
        return children(child(root, "profiles"), "profile").stream()
                .filter(p -> text(p, "id").equals("images")).findFirst()
                .orElseThrow(() -> new AssertionError("the root pom has no 'images' profile"));
    }

    /** @return the Jib plugin's configuration in the images profile */
    static Element jibConfiguration() throws Exception {
        return children(child(child(imagesProfile(), "build"), "plugins"), "plugin").stream()
                .filter(p -> text(p, "artifactId").equals("jib-maven-plugin")).findFirst()
                .map(p -> child(p, "configuration"))
                .orElseThrow(() -> new AssertionError("the images profile has no jib-maven-plugin"));
    }

    /** @return the modules that build an image ({@code image.skip=false}), by image name */
    static Map<String, ModuleImage> moduleImages() throws Exception {
        Element rootPom = read(ROOT.resolve("pom.xml"));
        Map<String, ModuleImage> out = new LinkedHashMap<>();
        for (Element module : children(child(rootPom, "modules"), "module")) {
            String dir = module.getTextContent().trim();
            Path pom = ROOT.resolve(dir).resolve("pom.xml");
            if (!Files.exists(pom)) {
                continue;
            }
            Element project = read(pom);
            List<Element> props = children(project, "properties");
            if (props.isEmpty() || children(props.get(0), "image.skip").isEmpty()
                    || !text(props.get(0), "image.skip").equals("false")) {
                continue;
            }
            Element p = props.get(0);
            Set<String> ports = new LinkedHashSet<>();
            for (String port : text(p, "image.ports").split(",")) {
                ports.add(port.contains("/") ? port.trim() : port.trim() + "/tcp");
            }
            Map<String, String> env = new LinkedHashMap<>();
            if (!children(p, "image.environment").isEmpty()) {
                Arrays.stream(text(p, "image.environment").split(",")).map(kv -> kv.split("=", 2))
                        .forEach(kv -> env.put(kv[0].trim(), kv[1].trim()));
            }
            String name = text(p, "image.name");
            out.put(name, new ModuleImage(dir, name, text(p, "image.mainClass"), ports, env));
        }
        return out;
    }
}
