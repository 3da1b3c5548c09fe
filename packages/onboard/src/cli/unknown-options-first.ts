import type { Command } from 'commander';

/**
 * Commander checks required options before unknown ones, so a misspelt required flag
 * (`discover --sorce URL`) said "required option '--source <url>' not specified" instead of
 * "unknown option '--sorce' (Did you mean --source?)". On `command` and every command under it,
 * required options are checked in a `preAction` hook instead, which commander runs after its
 * unknown-option check; the message is commander's own, and still a usage error (exit 2).
 */
export function unknownOptionsFirst(command: Command): void {
  const required = command.options.filter((option) => option.mandatory);
  for (const option of required) option.mandatory = false;
  if (required.length > 0)
    command.hook('preAction', (_hooked, acting) => {
      if (acting !== command) return;
      for (const option of required)
        if (command.getOptionValue(option.attributeName()) === undefined)
          command.error(`error: required option '${option.flags}' not specified`, {
            code: 'commander.missingMandatoryOptionValue',
          });
    });
  for (const sub of command.commands) unknownOptionsFirst(sub);
}
