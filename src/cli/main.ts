import { RecordingError } from '../core/recording/types';
import { ConfigError } from '../core/ssvep/config';
import { calibrateCommand } from './commands/calibrate';
import { convert } from './commands/convert';
import { evaluate } from './commands/evaluate';
import { info } from './commands/info';
import { replay } from './commands/replay';
import { simulate } from './commands/simulate';
import { demo } from './commands/demo';
import { UsageError } from './errors';

const HELP = `brainbrowsr: SSVEP recordings, evaluation and replay

  brainbrowsr info FILE...
  brainbrowsr evaluate FILE... --targets L=F[,L=F...] --window W [--offset O]
                      [--method cca|fbcca|fbcca-lda] [--calibrate FILE...] [--label L] [--json]
  brainbrowsr replay FILE... --targets L=F[,...] [--calibrate FILE...] [--profile P]
                      [--label L] [--realtime] [--json]
  brainbrowsr calibrate FILE... --targets L=F[,...] --out PROFILE.json
  brainbrowsr convert IN OUT [--device cyton|cyton-daisy|explore|ganglion|muse]
                      (BDF+, EDF+, CSV by extension; --device: IN is a raw headset capture)
  brainbrowsr simulate OUT --duration S [--gaze 12@0-10,idle@10-20] [--seed N]
                      (the simulated headset; OUT.bin writes raw Cyton bytes)
  brainbrowsr demo [--headless|--headed] [--no-build]
                      (npm start: extension + relay + simulated headset in Chromium)

Files: BDF/BDF+, EDF/EDF+, explorepy CSV; a sibling NAME_events.tsv supplies trials.`;

type Command = (argv: string[]) => void | Promise<void>;
const COMMANDS: Record<string, Command> = {
  info,
  evaluate,
  replay,
  calibrate: calibrateCommand,
  convert,
  simulate,
  demo,
};

/** Registers extra commands (the headset and demo hosts add theirs). */
export function addCommand(name: string, run: Command): void {
  COMMANDS[name] = run;
}

function isBadInput(e: unknown): boolean {
  return (
    e instanceof UsageError ||
    e instanceof RecordingError ||
    e instanceof ConfigError ||
    e instanceof RangeError ||
    (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true)
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`brainbrowsr: unknown command "${name}" (try --help)`);
    return 2;
  }
  try {
    await command(rest);
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.error(`brainbrowsr ${name}: ${message}`);
    return isBadInput(e) ? 2 : 1;
  }
}
