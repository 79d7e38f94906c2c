package dev.assay.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The allowed dependencies between Assay's modules (docs: PRODUCT.md, "Module graph"), and a
 * reader of the real ones from the poms. Every module must be classified into a layer.
 */
final class ModuleGraph {
    /** Where a module sits. */
    enum Layer { CORE, MODELS, DOMAIN, ENTRY, SIDE }

    static final Map<String, Layer> LAYERS = Map.ofEntries(
            Map.entry("assay-core", Layer.CORE),
            Map.entry("assay-models", Layer.MODELS),
            Map.entry("assay-fingerprint", Layer.DOMAIN),
            Map.entry("assay-agent", Layer.DOMAIN),
            Map.entry("assay-protocol", Layer.DOMAIN),
            Map.entry("assay-llm", Layer.DOMAIN),
            Map.entry("assay-ranking", Layer.DOMAIN),
            Map.entry("assay-server", Layer.ENTRY),
            Map.entry("assay-cli", Layer.ENTRY),
            Map.entry("assay-flink", Layer.SIDE),
            Map.entry("assay-bench", Layer.SIDE));

    private ModuleGraph() {}

    /** True when module {@code from} may depend on module {@code to}. */
    static boolean allowed(String from, String to) {
        Layer a = LAYERS.get(from);
        Layer b = LAYERS.get(to);
        return switch (a) {
            case CORE -> false;
            case MODELS -> b == Layer.CORE;
            case DOMAIN, SIDE -> EnumSet.of(Layer.CORE, Layer.MODELS).contains(b) || (b == Layer.DOMAIN && a == Layer.SIDE);
            case ENTRY -> EnumSet.of(Layer.CORE, Layer.MODELS, Layer.DOMAIN).contains(b)
                    || (from.equals("assay-cli") && to.equals("assay-server"));
        };
    }

    /** Every rule broken by {@code dependencies} (module to the dev.assay modules it depends on); empty when none. */
    static List<String> violations(Map<String, Set<String>> dependencies) {
        List<String> problems = new ArrayList<>();
        dependencies.forEach((module, deps) -> {
            if (!LAYERS.containsKey(module)) {
                problems.add("module " + module + " is not classified in the module graph; add it to ModuleGraph.LAYERS");
                return;
            }
            for (String dep : deps) {
                if (!LAYERS.containsKey(dep)) problems.add(module + " depends on unknown module " + dep);
                else if (!allowed(module, dep)) {
                    problems.add(module + " (" + LAYERS.get(module) + ") must not depend on " + dep + " (" + LAYERS.get(dep) + ")");
                }
            }
        });
        return problems;
    }

    /**
     * Modules whose main sources import a {@code dev.assay.<x>} package of a module they do not
     * declare in their pom (it compiles only through a transitive dependency): "module imports
     * package (module) without declaring it". The package's second segment names its module
     * ({@code dev.assay.models.embed} is {@code assay-models}).
     */
    static List<String> undeclaredImports(Path root, Map<String, Set<String>> graph) throws IOException {
        java.util.regex.Pattern imp = java.util.regex.Pattern.compile("^import\\s+(?:static\\s+)?dev\\.assay\\.([a-z]+)\\.",
                java.util.regex.Pattern.MULTILINE);
        Set<String> problems = new TreeSet<>();
        for (var e : graph.entrySet()) {
            Path src = root.resolve(e.getKey()).resolve("src/main/java");
            if (!Files.isDirectory(src)) continue;
            List<Path> files;
            try (var walk = Files.walk(src)) {
                files = walk.filter(f -> f.toString().endsWith(".java")).toList();
            }
            for (Path f : files) {
                var m = imp.matcher(Files.readString(f));
                while (m.find()) {
                    String target = "assay-" + m.group(1);
                    if (!target.equals(e.getKey()) && LAYERS.containsKey(target) && !e.getValue().contains(target))
                        problems.add(e.getKey() + " imports dev.assay." + m.group(1) + " (" + target + ") without declaring it");
                }
            }
        }
        return new ArrayList<>(problems);
    }

    /** The dev.assay dependencies of every module listed in the parent pom under {@code root}. */
    static Map<String, Set<String>> read(Path root) throws IOException {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        Element parent = parse(root.resolve("pom.xml"));
        for (Element module : children(child(parent, "modules"), "module")) {
            Element pom = parse(root.resolve(module.getTextContent().strip()).resolve("pom.xml"));
            String artifact = text(pom, "artifactId");
            Set<String> deps = new TreeSet<>();
            collect(child(pom, "dependencies"), deps);
            Element profiles = child(pom, "profiles");
            for (Element profile : children(profiles, "profile")) collect(child(profile, "dependencies"), deps);
            deps.remove(artifact); // a module's own test-jar is not an edge
            graph.put(artifact, deps);
        }
        return graph;
    }

    private static void collect(Element dependencies, Set<String> into) {
        for (Element d : children(dependencies, "dependency")) {
            String group = text(d, "groupId");
            if ("dev.assay".equals(group) || "${project.groupId}".equals(group)) into.add(text(d, "artifactId"));
        }
    }

    private static Element parse(Path pom) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(pom.toFile());
            return doc.getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse " + pom + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) return null;
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) return out;
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    static boolean isProjectRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("assay-core"));
    }
}
