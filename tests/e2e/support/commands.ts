import { spawn } from 'node:child_process'

/** How a command ended, and what it wrote. */
export interface CommandRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command to its end (no input) and collects its exit code and both outputs. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string | undefined; env: NodeJS.ProcessEnv },
): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}
