package io.began.trainer;

import io.began.testing.architecture.ServiceDependencyRules;

/** The trainer keeps to the architecture: no other service, no cycles, thin resources, one config mapping. */
class DependencyRulesTest extends ServiceDependencyRules {

    DependencyRulesTest() {
        super("io.began.trainer");
    }
}
