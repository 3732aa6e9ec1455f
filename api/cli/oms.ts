import { buildProgram, cliFailure } from './omsProgram.js';

/** Entry point of the `oms` command line: the commands are in omsProgram.ts. */
buildProgram().parseAsync(process.argv).catch((error: unknown) => {
  const { exitCode, line } = cliFailure(error);
  if (line) process.stderr.write(line);
  process.exit(exitCode);
});
