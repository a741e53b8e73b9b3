import { constants, promises as fs } from 'node:fs';
import { decodeText, FileTooLargeError } from '../engine';

/** Why a file could not be read, in a sentence for the user; `code` 'ENOENT' when there is no such file (the engine then offers to create it). */
export class FileReadError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

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
    throw new FileReadError(describeFileError(error), error.code);
  });
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new FileReadError('it is a folder');
    if (!stat.isFile()) throw new FileReadError('it is not a regular file (a FIFO, socket or device), so it is not read');
    if (stat.size > maxBytes) throw new FileTooLargeError(stat.size, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    // The first read asks for one byte more than stat says, so a file read whole ends on a short
    // read (a regular file reads short only at its end) and one that grew is seen; a small file
    // costs one read of its own size, not a megabyte zeroed per file.
    for (let want = stat.size + 1; ; want = CHUNK) {
      const buffer = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new FileTooLargeError(total, maxBytes);
      if (bytesRead < buffer.length) break;
    }
    const decoded = decodeText(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
    if ('error' in decoded) throw new FileReadError(decoded.error);
    return decoded.text;
  } catch (error) {
    // A read can fail after the open succeeded (EIO from a device or /proc): in words too.
    throw error instanceof FileReadError || error instanceof FileTooLargeError ? error : new FileReadError(describeFileError(error));
  } finally {
    await handle.close();
  }
}

/**
 * Why a path could not be used, in words for a person: never Node's own
 * ("ENOENT: no such file or directory, open …", "argument 'path' must be …
 * without null bytes"). `missing` says what ENOENT means where it happened.
 */
export function describeFileError(error: unknown, missing = 'no such file'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return missing;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'the links on its path go round in a loop';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EIO':
      return 'the device failed (an input/output error)';
    // Node refuses a path holding a NUL byte before asking the system.
    case 'ERR_INVALID_ARG_VALUE':
      return 'the path contains a NUL character';
    default:
      return code ? `it cannot be used (${code})` : 'it cannot be used';
  }
}
