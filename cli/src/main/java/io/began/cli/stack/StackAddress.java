package io.began.cli.stack;

/**
 * Where a stack's services answer and the token of its requests that change something.
 *
 * @param token  null where none is known: reads still work, changes answer 401
 * @param origin where the addresses came from
 */
public record StackAddress(String trainer, String sampler, String evaluator, String token, Origin origin) {

    /** Where the addresses came from: a command that could also work alone asks. */
    public enum Origin {
        /** an option or a {@code BEGAN_*_URL} variable: the user named a stack */
        GIVEN,
        /** the local stack's {@code .began/local.env} */
        LOCAL,
        /** nothing: the ports the local stack and docker compose publish on localhost */
        DEFAULT
    }

    public TrainerClient trainerClient() {
        return new TrainerClient(trainer, token);
    }

    public ServiceClient samplerClient() {
        return new ServiceClient("sampler", sampler, token);
    }

    public ServiceClient evaluatorClient() {
        return new ServiceClient("evaluator", evaluator, token);
    }

    /** True when the trainer answers its health check (a stack to submit to is there). */
    public boolean trainerAnswers() {
        try {
            return new ServiceClient("trainer", trainer, token).status("/q/health/ready") == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
