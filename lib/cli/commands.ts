import type { Command } from './command.js';
import { decodeCommand } from './commands/decode.js';
import { profileEncryptCommand } from './commands/profile-encrypt.js';
import { profileDecryptCommand } from './commands/profile-decrypt.js';
import { profileLintCommand } from './commands/profile-lint.js';
import { targetsCommand } from './commands/targets.js';
import { targetCheckCommand } from './commands/target-check.js';
import { runCommand } from './commands/run.js';
import { listCommand } from './commands/list.js';
import { fuzzCommand } from './commands/fuzz.js';
import { modelCheckCommand } from './commands/model-check.js';

/**
 * Every CLI command, in the order `provcert --help` lists them. Each issue adds its own here
 * (conventions.md: run, list, targets, target check, decode, replay, fuzz, model check, profile ...).
 */
export const COMMANDS: readonly Command[] = [
  runCommand,
  listCommand,
  profileEncryptCommand,
  profileDecryptCommand,
  profileLintCommand,
  targetsCommand,
  targetCheckCommand,
  decodeCommand,
  fuzzCommand,
  modelCheckCommand,
];
