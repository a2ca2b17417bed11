import { RecordingError } from '../core/recording/types';
import { ConfigError } from '../core/ssvep/config';
import { OutputError } from '../node/output';
import { CALIBRATE_HELP, calibrateCommand } from './commands/calibrate';
import { CONVERT_HELP, convert } from './commands/convert';
import { DEMO_HELP, demo } from './commands/demo';
import { EVALUATE_HELP, evaluate } from './commands/evaluate';
import { INFO_HELP, info } from './commands/info';
import { REPLAY_HELP, replay } from './commands/replay';
import { SIMULATE_HELP, simulate } from './commands/simulate';
import { UsageError } from './errors';

type Command = (argv: string[]) => void | Promise<void>;
const COMMANDS: Record<string, { run: Command; help: string }> = {
  info: { run: info, help: INFO_HELP },
  evaluate: { run: evaluate, help: EVALUATE_HELP },
  replay: { run: replay, help: REPLAY_HELP },
  calibrate: { run: calibrateCommand, help: CALIBRATE_HELP },
  convert: { run: convert, help: CONVERT_HELP },
  simulate: { run: simulate, help: SIMULATE_HELP },
  demo: { run: demo, help: DEMO_HELP },
};

const usageLine = (help: string) => `  ${help.split('\n')[0]}`;

const HELP = `brainbrowsr: SSVEP recordings, evaluation and replay

${Object.values(COMMANDS)
  .map((c) => usageLine(c.help))
  .join('\n')}

brainbrowsr CMD --help explains a command and its options.
Files: BDF/BDF+, EDF/EDF+, explorepy CSV; a sibling NAME_events.tsv supplies trials.
Bad input ends with exit code 2 and one line naming the file or option.`;

/** Registers extra commands (the headset and demo hosts add theirs). */
export function addCommand(name: string, run: Command, help = `brainbrowsr ${name}`): void {
  COMMANDS[name] = { run, help };
}

function isBadInput(e: unknown): boolean {
  return (
    e instanceof UsageError ||
    e instanceof RecordingError ||
    e instanceof OutputError ||
    e instanceof ConfigError ||
    e instanceof RangeError ||
    (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true)
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && COMMANDS[rest[0]]) console.log(COMMANDS[rest[0]].help);
    else console.log(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`brainbrowsr: unknown command "${name}" (try --help)`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return 0; // the reader went away (| head)
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.error(`brainbrowsr ${name}: ${message}`);
    return isBadInput(e) ? 2 : 1;
  }
}
