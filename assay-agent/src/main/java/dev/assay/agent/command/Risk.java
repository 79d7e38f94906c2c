package dev.assay.agent.command;

/** The kinds of risk a command can carry. */
public enum Risk {
    /** Starts a shell (interactive, privileged, or handed to another program to run). */
    SHELL,
    /** Runs code given inline to an interpreter, or fed to a shell or interpreter from a pipe. */
    CODE_EXECUTION,
    /** Makes another program run a command through one of its options or settings. */
    COMMAND_EXECUTION,
    /** Reads or touches credentials: password hashes, private keys, cloud and cluster credentials, process secrets. */
    CREDENTIALS,
    /** Writes where a system's programs or configuration live. */
    SYSTEM_WRITE,
    /** Touches a place that runs commands later: cron, services, shell profiles, authorized keys, preloads. */
    PERSISTENCE,
    /** Opens a network listener. */
    LISTENER,
    /** Connects a shell or a command's input and output to the network. */
    REVERSE_SHELL,
    /** Sends local data to another host. */
    EXFILTRATION,
    /** Talks to the network (a raw address, a raw socket, a remote login). */
    NETWORK,
    /** Runs code fetched from the network. */
    REMOTE_CODE,
    /** Gains or hands out privileges. */
    PRIVILEGE,
    /** Destroys data or stops the system. */
    DESTRUCTIVE,
    /** Hides what runs: commands computed at run time, encoded payloads, eval of unknown text. */
    OBFUSCATION,
    /** Installs software or changes services. */
    SYSTEM_CHANGE,
    /** The command does not parse. */
    UNPARSEABLE,
    /** The policy forbids it or wants a person to approve it. */
    POLICY,
    /** The proposing agent's signature is missing where required, unverifiable or wrong. */
    SIGNATURE,
    /** It exceeds a size limit. */
    LIMIT,
    /** It hides characters: control characters, NUL, bidirectional overrides, zero-width characters, look-alike letters. */
    HIDDEN_CHARACTERS,
    /** The action follows an instruction found in a tool result the agent read (indirect prompt injection). */
    INJECTION,
    /** The learned layer, from the labelled exemplars nearest to the action and its context. */
    LEARNED,
    /** The guard itself failed; it fails closed. */
    GUARD_FAILURE
}
