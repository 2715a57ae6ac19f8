package io.privacyplatform.retention;

import io.privacyplatform.policy.RuleTable;
import io.privacyplatform.retention.config.RetentionConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's table of rules is generated from the policy file (policy module's {@code RuleTable}) with the
 * parameters' defaults of application.properties: a change to either without the README fails here, printing the
 * table to paste between the markers.
 */
class RulesTableTest {

    static final String BEGIN = "<!-- rules:begin: generated from policy/retention-policy.yaml by RulesTableTest; do not edit -->\n";
    static final String END = "<!-- rules:end -->";

    @Test
    void theReadmeShowsEveryRuleOfThePolicyFileAsEnforced() throws IOException {
        String expected;
        try (InputStream policy = getClass().getClassLoader().getResourceAsStream("policy/retention-policy.yaml")) {
            expected = RuleTable.markdown(policy, parameterDefaults());
        }
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has no section between the markers; add:\n" + BEGIN + expected + END);
        assertEquals(expected, readme.substring(begin + BEGIN.length(), end),
                "README.md's rules differ from the policy file; paste between the markers:\n" + BEGIN + expected + END + "\n");
    }

    /** The defaults of application.properties, by the parameter names of the policy file. */
    private static Map<String, String> parameterDefaults() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = RulesTableTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        RetentionConfig.Inactivity inactivity = new RetentionConfig.Inactivity() {
            @Override
            public Period account() {
                return Period.parse(properties.getProperty("retention.inactivity.account"));
            }

            @Override
            public Period marketing() {
                return Period.parse(properties.getProperty("retention.inactivity.marketing"));
            }

            @Override
            public Period requestHandling() {
                return Period.parse(properties.getProperty("retention.inactivity.request-handling"));
            }
        };
        Map<String, String> defaults = new TreeMap<>();
        inactivity.byParameter().forEach((name, period) -> defaults.put(name, period.toString()));
        return defaults;
    }
}
