import { AppError } from '../errors/app-error.js';
import { cleanSingleLineText } from '../text/clean-text.js';

/** At most 3 files of 5 MB each (the page says the same; an e-mailed answer follows the same rules). */
export const MAX_ATTACHMENTS = 3;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** A file as received, still only in memory: nothing touches the disk before the answer is checked. */
export interface ReceivedFile {
  originalName: string;
  buffer: Buffer;
}

export type AttachmentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface CheckedAttachment {
  filename: string;
  contentType: AttachmentType;
  buffer: Buffer;
}

const SIGNATURES: Array<{ type: AttachmentType; bytes: number[]; extensions: string[] }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], extensions: ['pdf'] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extensions: ['png'] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff], extensions: ['jpg', 'jpeg'] },
];

const MAX_NAME_LENGTH = 150;
// Characters that mean something to a file system or a header (control characters go first).
const UNSAFE = /[<>:"|?*\\/;]/g;

/** The type the content says it is (by its first bytes), whatever the name or the browser claims. */
export function sniffAttachmentType(buffer: Buffer): AttachmentType | undefined {
  return SIGNATURES.find(
    ({ bytes }) => buffer.length >= bytes.length && bytes.every((byte, i) => buffer[i] === byte),
  )?.type;
}

/**
 * A display name only (never a path): the last path segment, NFC, without control and path
 * characters or leading dots, at most 150 characters with the extension kept.
 */
export function sanitizeFilename(raw: string): string {
  // cleanSingleLineText: NFC, no control characters, whitespace runs as one space.
  const lastSegment = cleanSingleLineText(raw).split(/[\\/]/).pop() ?? '';
  let name = lastSegment
    .replace(UNSAFE, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (name.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 6 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
  }
  return name || 'tep-dinh-kem';
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

/** PDF, JPEG or PNG by magic bytes, with a name whose extension agrees; anything else is a 400. */
export function checkAttachments(files: ReceivedFile[]): CheckedAttachment[] {
  return files.map((file) => {
    const filename = sanitizeFilename(file.originalName);
    const type = sniffAttachmentType(file.buffer);
    const signature = SIGNATURES.find((candidate) => candidate.type === type);
    if (!type || !signature?.extensions.includes(extensionOf(filename))) {
      throw new AppError(400, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    }
    return { filename, contentType: type, buffer: file.buffer };
  });
}
