import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs for a command, with the CLI's conventions: `--help` prints the
 * command's help (positionals undefined: nothing to do), a negative number
 * is an option's value (`--window -1` reaches the range check), and every
 * parse error is one UsageError line naming the option.
 */
export function parseCommand<O extends Options>(argv: string[], help: string, options: O) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(help);
    return { positionals: undefined, values: {} as ReturnType<typeof parse<O>>['values'] };
  }
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  try {
    return parse(args, options);
  } catch (e) {
    throw new UsageError(parseFault(e as Error));
  }
}

function parse<O extends Options>(args: string[], options: O) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

/** Node's parse errors are long and mention quoting rules: say which option, briefly. */
function parseFault(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  const option = /'(-[^']*)'/.exec(e.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? ''} (see --help)`.trim();
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(e.message)
      ? `${option?.split(' ')[0] ?? 'an option'} needs a value`
      : (e.message.split('\n')[0] ?? 'invalid option');
  }
  return e.message.split('\n')[0];
}
