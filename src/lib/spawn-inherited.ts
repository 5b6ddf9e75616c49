import { getSystemErrorName } from 'node:util';

/**
 * A started program with stdio inherited. `exited` settles when it ends: its
 * exit code, or the signal that ended it; it rejects with the spawn error
 * (code ENOENT, EACCES...) when the program could not start at all.
 */
export interface InheritedChild {
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  windowsVerbatimArguments?: boolean;
}

/**
 * Starts `file` with `args`, stdin/stdout/stderr inherited.
 *
 * Why not always child_process.spawn: loading node:child_process loads node:net
 * and the whole stream stack, ~3.5 ms (a sixth of bare node's start), and
 * `tempkey exec` runs many times a day. child_process is a layer over Node's
 * process_wrap binding, which calls libuv's uv_spawn; a program with inherited
 * stdio needs none of that layer (no pipes, no IPC), so on Unix this calls the
 * binding directly: the same PATH search, environment and exit status. On
 * Windows (argument quoting), under a deprecation flag or NODE_PENDING_DEPRECATION
 * (process.binding warns there), for text with a NUL byte (child_process's
 * error), or wherever the binding is missing, it is child_process.spawn.
 */
export async function spawnInherited(file: string, args: string[], opts: SpawnOptions, how?: 'binding' | 'child_process'): Promise<InheritedChild> {
  const direct = !hasNul(file, args, opts.env) && (how === 'binding' || (how === undefined && process.platform !== 'win32' && !deprecationFlags()));
  return (direct && viaBinding(file, args, opts)) || viaChildProcess(file, args, opts);
}

/**
 * A signal's number, from its name. node:os is loaded here, when a signal is
 * sent or ended a program, not at start: loading it costs exec's cached path ~0.2 ms.
 */
export function signalNumber(signal: string): number | undefined {
  const os = (process.getBuiltinModule?.('node:os') ?? require('node:os')) as typeof import('node:os');
  return (os.constants.signals as Record<string, number>)[signal];
}

function deprecationFlags(): boolean {
  return Boolean(process.env.NODE_PENDING_DEPRECATION) || [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('deprecation'));
}

/** A NUL byte cannot be passed to a program: child_process refuses it with its own error, the binding would cut the text short. */
function hasNul(file: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  if (file.includes('\0') || args.some((a) => a.includes('\0'))) return true;
  for (const key in env) if (key.includes('\0') || env[key]?.includes('\0')) return true;
  return false;
}

interface ProcessHandle {
  onexit: (code: number, signal: string) => void;
  spawn(options: object): number;
  kill(signal: number): number;
  close(): void;
}

function viaBinding(file: string, args: string[], opts: SpawnOptions): InheritedChild | undefined {
  let handle: ProcessHandle;
  try {
    const binding = (process as unknown as { binding(name: string): { Process: new () => ProcessHandle } }).binding('process_wrap');
    handle = new binding.Process();
  } catch {
    return undefined;
  }
  let ended = false;
  let settle!: (r: { code: number | null; signal: NodeJS.Signals | null }) => void;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => (settle = resolve));
  handle.onexit = (code, signal) => {
    ended = true;
    handle.close();
    settle(signal ? { code: null, signal: signal as NodeJS.Signals } : { code, signal: null });
  };
  const envPairs: string[] = [];
  for (const key in opts.env) if (opts.env[key] !== undefined) envPairs.push(`${key}=${opts.env[key]}`);
  const err = handle.spawn({
    file,
    args: [file, ...args],
    cwd: opts.cwd,
    envPairs,
    stdio: [0, 1, 2].map((fd) => ({ type: 'inherit', fd })),
    detached: false,
    windowsHide: false,
    windowsVerbatimArguments: false,
  });
  if (err) {
    handle.close();
    const code = getSystemErrorName(err);
    const failure = Object.assign(new Error(`spawn ${file} ${code}`), { code, errno: err, syscall: `spawn ${file}`, path: file });
    const exited = Promise.reject(failure);
    exited.catch(() => {}); // handled where it is awaited
    return { kill: () => {}, exited };
  }
  return {
    kill(signal) {
      if (!ended) handle.kill(signalNumber(signal) ?? signalNumber('SIGTERM')!);
    },
    exited,
  };
}

async function viaChildProcess(file: string, args: string[], opts: SpawnOptions): Promise<InheritedChild> {
  const { spawn } = await import('node:child_process'); // only here: loading it costs what this module saves
  const child = spawn(file, args, { env: opts.env, cwd: opts.cwd, stdio: 'inherit', windowsVerbatimArguments: opts.windowsVerbatimArguments });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    exited,
  };
}
