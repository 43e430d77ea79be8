package io.began.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;

/**
 * A block's parameters as bfloat16 copies, handed to its forward pass in place of the originals:
 * the block runs in bfloat16 without its own parameters changing. The copies are taken once, so they are for a
 * block whose parameters no longer change (a checkpoint being served); they live in the parameters' manager and are
 * freed with it.
 */
final class Bfloat16Parameters extends ParameterStore {

    private final Map<String, NDArray> copies = new HashMap<>();

    Bfloat16Parameters(NDManager manager, Block block) {
        super(manager, false);
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            copies.put(
                    parameter.getValue().getId(),
                    Bfloat16.of(parameter.getValue().getArray()));
        }
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray copy = copies.get(parameter.getId());
        if (copy == null) {
            throw new IllegalStateException("no bfloat16 copy of parameter " + parameter.getName());
        }
        return copy;
    }
}
