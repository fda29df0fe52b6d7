/** What every `hntm` command is: a name, a line of usage, and a run function returning the exit code. */
export type Out = { log: (s: string) => void; error: (s: string) => void };

export interface Command {
  name: string;
  /** One or more usage lines, shown by `hntm help` and on a usage error. */
  usage: string;
  run(argv: string[], out: Out): number | Promise<number>;
}
