import { loadDestinationsFile, type DestinationsFile } from '../../config/destinations.js';

/**
 * A place outside the Department a ticket can be forwarded to: a commune's or ward's culture–society
 * office (*Phòng Văn hóa – Xã hội*) or another provincial body (a *Sở*, a provincial agency …).
 */
export interface Destination {
  code: string;
  kind: 'commune' | 'ward' | 'department' | 'agency' | 'office' | 'other';
  /** The body's name, e.g. "Xã Tân Hồng", "Sở Y tế". */
  name: string;
  /** Who receives the ticket there, shown in pages and e-mails (the office for a commune, else the body). */
  recipient: string;
  address?: string;
  email?: string;
  /** True where no public source has confirmed the entry (or its list is still incomplete). */
  provisional: boolean;
  source: string;
}

/** Flattens the validated file into one list, communes and wards first, in the file's order. */
export function destinationsFrom(file: DestinationsFile): Destination[] {
  const local = file.localAuthorities;
  return [
    ...local.entries.map((entry) => ({
      code: entry.code,
      kind: entry.kind,
      name: entry.name,
      recipient: entry.office,
      ...(entry.address ? { address: entry.address } : {}),
      ...(entry.email ? { email: entry.email } : {}),
      provisional: local.provisional,
      source: entry.source ?? local.source,
    })),
    ...file.provincialBodies.map((body) => ({
      code: body.code,
      kind: body.kind,
      name: body.name,
      recipient: body.name,
      ...(body.address ? { address: body.address } : {}),
      ...(body.email ? { email: body.email } : {}),
      provisional: body.provisional,
      source: body.source,
    })),
  ];
}

interface DestinationIndex {
  list: Destination[];
  byCode: Map<string, Destination>;
}

/** Read once per file: the default file, or DESTINATIONS_FILE (read-only data, no restart needed to read it again). */
const cached = new Map<string, DestinationIndex>();

function load(file?: string): DestinationIndex {
  const key = file ?? '';
  let index = cached.get(key);
  if (!index) {
    const list = destinationsFrom(file ? loadDestinationsFile(file) : loadDestinationsFile());
    index = { list, byCode: new Map(list.map((destination) => [destination.code, destination])) };
    cached.set(key, index);
  }
  return index;
}

/** Every destination outside the Department (config/destinations.json or `file`, read and validated once). */
export function listDestinations(
  filter: { kind?: Destination['kind']; file?: string } = {},
): readonly Destination[] {
  const { list } = load(filter.file);
  return filter.kind ? list.filter((destination) => destination.kind === filter.kind) : list;
}

/** The destination with this code (in config/destinations.json or `file`), or undefined. */
export function findDestination(code: string, file?: string): Destination | undefined {
  return load(file).byCode.get(code);
}
