package dev.brisk.controller.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebExtensionTest {

    @Test
    void knownExtensionsAreSplitOff() {
        assertEquals(new WebExtension.Target("hello", WebExtension.JSON, ""), WebExtension.parse("hello.json"));
        assertEquals(new WebExtension.Target("hello", WebExtension.HTTP, ""), WebExtension.parse("hello.http"));
        assertEquals(new WebExtension.Target("hello", WebExtension.HTML, ""), WebExtension.parse("hello.html"));
        assertEquals(new WebExtension.Target("hello", WebExtension.SVG, ""), WebExtension.parse("hello.svg"));
        assertEquals(new WebExtension.Target("hello", WebExtension.TEXT, ""), WebExtension.parse("hello.text"));
    }

    @Test
    void noOrUnknownExtensionMeansHttpAndTheWholeSegmentIsTheName() {
        assertEquals(new WebExtension.Target("hello", WebExtension.HTTP, ""), WebExtension.parse("hello"));
        assertEquals(new WebExtension.Target("hello.xyz", WebExtension.HTTP, ""), WebExtension.parse("hello.xyz"));
        assertEquals(new WebExtension.Target("a.b.c", WebExtension.HTTP, "/x"), WebExtension.parse("a.b.c/x"));
    }

    @Test
    void theRestOfThePathIsKept() {
        assertEquals(new WebExtension.Target("hello", WebExtension.JSON, "/content/z"),
                WebExtension.parse("hello.json/content/z"));
        assertEquals(new WebExtension.Target("hello", WebExtension.HTTP, "/"), WebExtension.parse("hello/"));
        assertEquals(new WebExtension.Target("hello", WebExtension.TEXT, "/a%20b"), WebExtension.parse("hello.text/a%20b"));
    }

    @Test
    void theActionSegmentIsDecoded() {
        assertEquals("my action", WebExtension.parse("my%20action.json").name());
        assertEquals("a+b", WebExtension.parse("a+b").name());
        assertEquals("100%", WebExtension.parse("100%").name());
        assertEquals("é", WebExtension.parse("%C3%A9").name());
    }
}
