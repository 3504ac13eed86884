package dev.backprop.cli.commands;

import picocli.CommandLine;

/**
 * The command that holds the others, as a command that runs further commands (the demo runs
 * {@code train}, then {@code evaluate}) sees it. The root names every command, so the commands
 * reach it through this interface rather than by name, and the packages stay free of cycles.
 */
public interface RootCommand {
    /**
     * A command line configured as the running one (error handlers and all) but with fresh
     * command objects, so that running it leaves the running command's options untouched.
     *
     * @return a new command line rooted at a new root command
     */
    CommandLine newCommandLine();
}
