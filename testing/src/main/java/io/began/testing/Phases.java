package io.began.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * An acceptance test as ordered phases over one stack ({@code @TestMethodOrder(OrderAnnotation)}, an {@code @Order}
 * per phase): once a phase fails, the later ones are skipped with its name, as they build on what it left. The report
 * then names every phase that passed, the one that failed and those not reached.
 */
public final class Phases implements ExecutionCondition, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Phases.class);
    private static final String FAILED = "failed";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String failed = classStore(context).get(FAILED, String.class);
        return failed == null || context.getTestMethod().isEmpty()
                ? ConditionEvaluationResult.enabled("no earlier phase failed")
                : ConditionEvaluationResult.disabled("not reached: the earlier phase " + failed + " failed");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        classStore(context).getOrComputeIfAbsent(FAILED, key -> context.getDisplayName(), String.class);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        testFailed(context, cause);
    }

    private static ExtensionContext.Store classStore(ExtensionContext context) {
        ExtensionContext classContext =
                context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        return classContext.getStore(NAMESPACE);
    }
}
