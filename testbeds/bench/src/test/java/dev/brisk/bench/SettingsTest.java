package dev.brisk.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's choice of scenarios. */
class SettingsTest {
    @Test
    void everyScenarioRunsByDefault() {
        Settings s = Settings.parse(new String[]{"--short"});
        for (char c : Settings.ALL_SCENARIOS.toCharArray()) {
            assertTrue(s.runs(c), "scenario " + c);
        }
        assertTrue(s.needsFloors());
    }

    @Test
    void scenarioGAloneNeedsNoFloors() {
        Settings s = Settings.parse(new String[]{"--scenarios", "g"});
        assertEquals(Set.of('g'), s.scenarios());
        assertFalse(s.runs('a'));
        assertFalse(s.needsFloors());
    }

    @Test
    void lettersMayBeCommaSeparatedOrNot() {
        assertEquals(Set.of('a', 'g'), Settings.parse(new String[]{"--scenarios=a,G"}).scenarios());
        assertEquals(Set.of('a', 'g'), Settings.parse(new String[]{"--scenarios", "ag"}).scenarios());
    }

    @Test
    void anUnknownOrEmptyChoiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--scenarios", "h"}));
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--scenarios", ","}));
    }

    @Test
    void theBusyContainersAreReadFromTheApihostUnlessTheInvokersAreNamed() {
        assertEquals(List.of("http://h:1"), Settings.parse(new String[]{"--apihost", "http://h:1"}).metrics());
        assertEquals(List.of("http://127.0.0.1:2", "http://127.0.0.1:3"),
                Settings.parse(new String[]{"--metrics", "http://127.0.0.1:2, http://127.0.0.1:3"}).metrics());
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[]{"--metrics", "file:/etc"}));
    }
}
