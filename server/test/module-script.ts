import { spawn } from 'node:child_process';

/**
 * Runs an ES module's source in a Node.js process of its own (TypeScript imports through tsx):
 * for what must be seen from outside, such as a process that dies of an unhandled error.
 */
export async function runModuleScript(source: string): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { exitCode, stdout, stderr };
}
