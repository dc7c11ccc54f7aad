import { spawn } from 'node:child_process';
import { repositoryRoot } from './repository.ts';

/** Runs a command from the repository root and fails with its output if it does not exit 0. */
export async function runCommand(command: string, args: string[], environment: NodeJS.ProcessEnv = process.env): Promise<void> {
  const child = spawn(command, args, { cwd: repositoryRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (exitCode !== 0) {
    throw new Error(`\`${[command, ...args].join(' ')}\` exited with ${exitCode}:\n${output}`);
  }
}
