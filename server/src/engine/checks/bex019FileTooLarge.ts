import { megabytes } from '../util/size';
import type { CheckDefinition } from './types';


export const bex019FileTooLarge: CheckDefinition = {
  code: 'BEX019',
  severity: 'warning',
  title: 'File too large to check',
  docs: 'The file is larger than the size limit (20 MB by default: the setting befw.maxFileSize in the editor, --max-file-size on the command line), so it is not parsed or checked at all: the editor stays responsive and memory stays bounded. Split the file, or raise the limit if the machine can afford it.',
  check: (context) =>
    (context.options.oversized ?? []).map((file) => ({
      uri: file.uri,
      range: [0, 0] as const,
      message: `This file is ${megabytes(file.size)}, over the ${megabytes(file.limit)} limit (befw.maxFileSize in the editor, --max-file-size on the command line), so it is not checked.`,
    })),
};
