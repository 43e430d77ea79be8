package io.began.sampler;

import io.began.testing.architecture.ServiceDependencyRules;

/** The sampler keeps to the architecture: no other service, no cycles, thin resources, one config mapping. */
class DependencyRulesTest extends ServiceDependencyRules {

    DependencyRulesTest() {
        super("io.began.sampler");
    }
}
