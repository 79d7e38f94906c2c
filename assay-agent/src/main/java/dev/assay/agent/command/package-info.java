/**
 * What a shell command would do, from its parse: {@link dev.assay.agent.command.CommandGuard} walks every command a
 * line would run (pipelines, substitutions, {@code -c} strings, here-documents fed to shells, wrapped commands such
 * as {@code sudo}, {@code xargs} or {@code find -exec}, commands in options such as {@code tar --to-command}) and
 * reports each risk it finds (a shell started, code run by an interpreter, credentials read, a system or persistence
 * location written, a listener or reverse connection, exfiltration, privilege changes, destruction, obfuscation)
 * with its evidence and the decision it calls for.
 */
package dev.assay.agent.command;
