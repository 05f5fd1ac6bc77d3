package illusions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JBang scripts (//DEPS in Dependencies.java) and Maven (pom.xml) must use the same versions. */
class DependenciesTest {
    @Test
    void everyScriptDependencyIsPinnedToThePomsVersion() throws Exception {
        String deps = Files.readString(Path.of("src/main/java/illusions/Dependencies.java"));
        String pom = Files.readString(Path.of("pom.xml")).replace("${tensorflow.version}", "1.1.0");
        Matcher m = Pattern.compile("(?m)^//DEPS ([^:\\s]+):([^:\\s]+):([^:\\s]+)").matcher(deps);
        int n = 0;
        while (m.find()) {
            n++;
            String group = m.group(1), artifact = m.group(2), version = m.group(3);
            assertFalse(version.contains("+") || version.contains("LATEST"), artifact + " is not pinned");
            Pattern inPom = Pattern.compile("<groupId>" + Pattern.quote(group) + "</groupId>\\s*<artifactId>"
                    + Pattern.quote(artifact) + "</artifactId>\\s*<version>([^<]+)</version>");
            Matcher pm = inPom.matcher(pom);
            assertTrue(pm.find(), group + ":" + artifact + " is in Dependencies.java but not in pom.xml");
            assertEquals(version, pm.group(1), "version of " + artifact);
        }
        assertTrue(n >= 5, "found only " + n + " //DEPS lines");
    }
}
