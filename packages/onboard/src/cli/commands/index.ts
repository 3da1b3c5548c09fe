import type { Command } from 'commander';

/** Adds one sub-command to the program. Each command file exports one of these. */
export type RegisterCommand = (program: Command) => void;

/** Every sub-command of `onboard`, in help order. Add one line per command file. */
export const COMMANDS: readonly RegisterCommand[] = [];
