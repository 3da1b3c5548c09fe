import type { Command } from 'commander';
import { registerCheck } from './check.ts';
import { registerConsole } from './console.ts';
import { registerDiscover } from './discover.ts';
import { registerMappingInit } from './mapping-init.ts';
import { registerMappingSchema } from './mapping-schema.ts';
import { registerPlan } from './plan.ts';
import { registerPrune } from './prune.ts';
import { registerReport } from './report.ts';
import { registerResume } from './resume.ts';
import { registerRun } from './run.ts';
import { registerRuns } from './runs.ts';
import { registerStatus } from './status.ts';
import { registerWorker } from './worker.ts';

/** Adds one sub-command to the program. Each command file exports one of these. */
export type RegisterCommand = (program: Command) => void;

/** Every sub-command of `onboard`, in help order. Add one line per command file. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerDiscover,
  registerCheck,
  registerMappingSchema,
  registerMappingInit,
  registerPlan,
  registerRun,
  registerResume,
  registerRuns,
  registerReport,
  registerPrune,
  registerStatus,
  registerConsole,
  registerWorker,
];
