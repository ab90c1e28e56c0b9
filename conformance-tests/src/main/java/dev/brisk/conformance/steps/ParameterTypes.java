package dev.brisk.conformance.steps;

import io.cucumber.java.ParameterType;

/** Parameter types shared by all step classes. */
public class ParameterTypes {

    @ParameterType("true|false")
    public Boolean bool(String s) {
        return Boolean.parseBoolean(s);
    }

    /** "nodejs" or "python": the runtime family; the kind sent is {@code <family>:default}. */
    @ParameterType("nodejs|python")
    public String runtime(String s) {
        return s;
    }
}
