/**
 * A POSIX shell (and common bash) parser for the commands agents propose: {@link dev.assay.agent.shell.ShellParser}
 * turns a command line or script into a {@link dev.assay.agent.shell.Script} of pipelines of commands, with quoting
 * resolved, expansions and substitutions marked, redirections, here-documents, subshells, groups, functions and
 * loops, so that a policy sees every command a line would run.
 */
package dev.assay.agent.shell;
