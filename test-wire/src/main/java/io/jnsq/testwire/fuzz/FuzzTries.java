package io.jnsq.testwire.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lengthens the fuzz properties on request. Their tries are sized to keep {@code mvn verify} quick; a long run
 * sets every property of a class that adds this hook to {@code N} tries:
 * <pre>
 * mvn -B verify -Djnsq.fuzz.tries=100000 -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
public final class FuzzTries implements AroundPropertyHook {
    /** The system property that overrides the tries. */
    public static final String PROPERTY = "jnsq.fuzz.tries";

    /** Added to a test class, it reaches the properties in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger(PROPERTY);
        if (tries != null) {
            context.attributes().setTries(tries);
        }
        return property.execute();
    }
}
