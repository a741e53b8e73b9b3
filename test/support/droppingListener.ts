import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A TCP port that drops connections, as a firewall that drops them does: a python3 socket that
 * listens with a queue of one and never accepts, its queue filled first, so the kernel drops the
 * SYNs that follow and a connect times out. (This sandbox answers every connect to a routed
 * address itself, so a "non-routable address" would not time out here.)
 */
const PROGRAM = [
  'import socket, sys, time',
  'server = socket.socket()',
  'server.bind((sys.argv[1], int(sys.argv[2])))',
  'server.listen(0)',
  'port = server.getsockname()[1]',
  'held = []',
  'for _ in range(3):',
  '    client = socket.socket()',
  '    client.setblocking(False)',
  '    try:',
  '        client.connect((sys.argv[1], port))',
  '    except BlockingIOError:',
  '        pass',
  '    held.append(client)',
  'time.sleep(0.3)',
  'print(port, flush=True)',
  'sys.stdin.read()',
].join('\n');

export interface DroppingListener {
  readonly port: number;
  readonly process: ChildProcess;
}

/** Starts a dropping port on `address` (`port` 0: any free one); kill its process to end it. */
export function droppingListener(address: string, port = 0): Promise<DroppingListener> {
  const child = spawn('python3', ['-c', PROGRAM, address, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the dropping listener on ${address}:${port} ended (${code})`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve({ port: Number(String(chunk).trim()), process: child }));
  });
}
