package io.began.cli.stack;

/** A server of the local stack: how it starts, how to tell it is ready to serve, where users reach it. */
public interface StackComponent {

    String name();

    /** Where users and the other servers reach it. */
    String address();

    /** The TCP port it listens on (checked free before it starts). */
    int port();

    ServerProcess process();

    /** Starts the process (after any one-time preparation such as formatting storage). */
    void start();

    /** True once it answers as its clients need it to (a cheap probe, called repeatedly while waiting). */
    boolean ready();
}
