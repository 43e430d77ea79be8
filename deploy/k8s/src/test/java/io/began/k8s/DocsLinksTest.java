package io.began.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link and image in README.md, {@code docs/**}{@code /*.md} and this module's README names a file or
 * folder of the repository, and every {@code #anchor} a heading of the page it points to (GitHub's heading ids).
 * Web links are not followed: the test reads files only. Lives here because this module's tests already read the
 * repository's files; it needs no cluster and no service.
 */
class DocsLinksTest {

    private static final Path REPOSITORY =
            Path.of("").toAbsolutePath().resolve("../..").normalize();
    /** [text](target) and ![alt](target); the target up to a space (a title may follow) or the closing parenthesis. */
    private static final Pattern INLINE =
            Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** [label]: target, a reference definition. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void everyRelativeLinkAndImageResolves() throws IOException {
        assertTrue(Files.isRegularFile(REPOSITORY.resolve("README.md")), "repository root: " + REPOSITORY);
        List<Path> pages = new ArrayList<>();
        pages.add(REPOSITORY.resolve("README.md"));
        pages.add(REPOSITORY.resolve("deploy/k8s/README.md"));
        try (Stream<Path> docs = Files.walk(REPOSITORY.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            if (!Files.isRegularFile(page)) {
                continue;
            }
            for (String target : links(page)) {
                checked++;
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(REPOSITORY.relativize(page) + ": " + target + " (" + problem + ")");
                }
            }
        }
        assertTrue(checked > 50, "links found: " + checked);
        assertTrue(broken.isEmpty(), broken.size() + " broken link(s):\n  " + String.join("\n  ", broken));
    }

    /** Why {@code target}, linked from {@code page}, does not resolve; null when it does or is not ours to check. */
    private String problem(Path page, String target) throws IOException {
        if (target.isEmpty() || SCHEME.matcher(target).find() || target.startsWith("//")) {
            return target.isEmpty() ? "empty" : null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        Path resolved = path.isEmpty()
                ? page
                : (path.startsWith("/")
                                ? REPOSITORY.resolve(path.substring(1))
                                : page.getParent().resolve(path))
                        .normalize();
        if (!resolved.startsWith(REPOSITORY)) {
            return "outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null
                && !anchor.isEmpty()
                && resolved.toString().endsWith(".md")
                && !anchors(resolved).contains(anchor)) {
            return "no heading with that anchor in " + REPOSITORY.relativize(resolved);
        }
        return null;
    }

    /** The link targets of a page, outside fenced code blocks and inline code. */
    private static List<String> links(Path page) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String text = line.replaceAll("`[^`]*`", "``");
            Matcher reference = REFERENCE.matcher(text);
            if (reference.matches()) {
                targets.add(reference.group(1));
                continue;
            }
            Matcher inline = INLINE.matcher(text);
            while (inline.find()) {
                targets.add(inline.group(1));
            }
        }
        return targets;
    }

    /** The ids GitHub gives a page's headings: the heading's text, lower case, punctuation dropped, spaces as '-'. */
    private Set<String> anchors(Path page) throws IOException {
        Set<String> known = anchors.get(page);
        if (known != null) {
            return known;
        }
        Set<String> ids = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (fenced || !heading.matches()) {
                continue;
            }
            String id = slug(heading.group(2));
            int n = seen.merge(id, 1, Integer::sum);
            ids.add(n == 1 ? id : id + "-" + (n - 1));
        }
        anchors.put(page, ids);
        return ids;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link or image: its text
                .replace("`", "")
                .replace("*", "");
        StringBuilder id = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                id.appendCodePoint(c);
            } else if (c == ' ') {
                id.append('-');
            }
        });
        return id.toString();
    }

    @Test
    void headingIdsAreGitHubs() {
        assertEquals("began-train", slug("`./began train`"));
        assertEquals(
                "2026-12-03-upsampling-through-upsample_nearest2d",
                slug("2026-12-03: upsampling through `upsample_nearest2d`"));
        assertEquals(
                "before-2026-12-04-the-evaluators-autogroup-niced-too",
                slug("Before 2026-12-04: the evaluator's autogroup niced too"));
        assertEquals("g-or-g_ema", slug("G or G_ema"));
    }
}
