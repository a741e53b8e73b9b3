import { constants, promises as fs } from 'node:fs';
import { decodeText, FileTooLargeError } from '../engine';

/** Why a file could not be read, in a sentence for the user. */
export class FileReadError extends Error {}

const CHUNK = 1 << 20;

/**
 * Reads a regular file as text, never more than `maxBytes`: a FIFO, a device
 * (/dev/zero, /dev/urandom) or a folder is refused without blocking, and a
 * file that grows past the limit while being read is refused when it does,
 * whatever stat said. UTF-8 and BOM-marked UTF-16 are decoded (decodeText).
 */
export async function readTextFile(path: string, maxBytes: number): Promise<string> {
  // O_NONBLOCK: opening a FIFO with no writer must not wait for one.
  const handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw new FileReadError(describeError(error));
  });
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new FileReadError('it is a folder');
    if (!stat.isFile()) throw new FileReadError('it is not a regular file (a FIFO, socket or device), so it is not read');
    if (stat.size > maxBytes) throw new FileTooLargeError(stat.size, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new FileTooLargeError(total, maxBytes);
    }
    const decoded = decodeText(Buffer.concat(chunks, total));
    if ('error' in decoded) throw new FileReadError(decoded.error);
    return decoded.text;
  } finally {
    await handle.close();
  }
}

function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return error.code ? `it cannot be read (${error.code})` : 'it cannot be read';
  }
}
