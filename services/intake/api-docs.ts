/** Turns the OpenAPI document into rows a person can read on `/api/v1/docs`. */

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  format?: string;
};

interface Document {
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Operation {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  'x-roles'?: string[];
  description?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  rules: string;
  description: string;
}

/** A piece of a description: plain text, or `code` written between backticks (CommonMark in OpenAPI). */
export interface TextPart {
  text: string;
  code: boolean;
}

export function textParts(markdown: string): TextPart[] {
  return markdown
    .split('`')
    .map((text, i) => ({ text, code: i % 2 === 1 }))
    .filter((part) => part.text !== '');
}

export interface EndpointDoc {
  method: string;
  path: string;
  summary: string;
  /** Who may call it: public, or the roles and the token scopes it needs. */
  access: string;
  /** The card's id on the page. */
  anchor: string;
  description: TextPart[];
  parameters: FieldRow[];
  body: FieldRow[];
  responses: Array<{ status: string; description: string; schema: string }>;
}

function resolve(doc: Document, schema: Schema): Schema {
  const name = schema.$ref?.split('/').pop();
  return name ? (doc.components.schemas[name] ?? schema) : schema;
}

function rulesOf(schema: Schema): string {
  const rules: string[] = [];
  if (schema.enum) rules.push(`một trong: ${schema.enum.join(', ')}`);
  if (schema.minLength !== undefined && schema.minLength > 0)
    rules.push(`tối thiểu ${schema.minLength} ký tự`);
  if (schema.maxLength !== undefined) rules.push(`tối đa ${schema.maxLength} ký tự`);
  if (schema.minimum !== undefined) rules.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) rules.push(`≤ ${schema.maximum}`);
  if (schema.format) rules.push(schema.format);
  if (schema.default !== undefined) rules.push(`mặc định ${JSON.stringify(schema.default)}`);
  return rules.join('; ');
}

function typeOf(schema: Schema): string {
  if (schema.$ref) return schema.$ref.split('/').pop() ?? 'object';
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type === 'array' && schema.items) return `${typeOf(schema.items)}[]`;
  return schema.type ?? 'any';
}

/** Flattens nested objects into dotted paths (`citizen.phone`). */
export function fieldRows(doc: Document, schema: Schema, prefix = '', depth = 0): FieldRow[] {
  const resolved = resolve(doc, schema);
  if (!resolved.properties || depth > 4) return [];
  return Object.entries(resolved.properties).flatMap(([name, property]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const row: FieldRow = {
      path,
      type: typeOf(property),
      required: (resolved.required ?? []).includes(name),
      rules: rulesOf(property),
      description: property.description ?? '',
    };
    return [row, ...(property.$ref ? [] : fieldRows(doc, property, path, depth + 1))];
  });
}

function accessOf(operation: Operation): string {
  if (operation.security && operation.security.length === 0) return 'Công khai, không cần mã truy cập';
  const scopes = (operation.security ?? []).flatMap((requirement) => Object.values(requirement).flat());
  const roles = operation['x-roles'] ?? [];
  return [
    roles.length ? `Vai trò: ${roles.join(', ')}` : '',
    scopes.length ? `phạm vi mã truy cập: ${scopes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function operationDoc(doc: Document, method: string, path: string, operation: Operation): EndpointDoc {
  return {
    method: method.toUpperCase(),
    path,
    summary: operation.summary ?? '',
    access: accessOf(operation),
    anchor: `${method}-${path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    description: textParts(operation.description ?? ''),
    parameters: (operation.parameters ?? []).map((parameter) => ({
      path: `${parameter.name} (${parameter.in})`,
      type: parameter.schema ? typeOf(parameter.schema) : 'string',
      required: Boolean(parameter.required),
      rules: parameter.schema ? rulesOf(parameter.schema) : '',
      description: parameter.description ?? '',
    })),
    body: operation.requestBody
      ? fieldRows(doc, operation.requestBody.content['application/json']?.schema ?? {})
      : [],
    responses: Object.entries(operation.responses).map(([status, response]) => ({
      status,
      description: response.description,
      schema: typeOf(response.content?.['application/json']?.schema ?? {}),
    })),
  };
}

export function endpointDocs(document: object): EndpointDoc[] {
  const doc = document as Document;
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) =>
      operationDoc(doc, method, `/api/v1${path}`, operation),
    ),
  );
}

/** The webhooks the service sends (OpenAPI `webhooks`), shown like the endpoints: what arrives at the switchboard. */
export function webhookDocs(document: object): EndpointDoc[] {
  const doc = document as Document;
  return Object.entries(doc.webhooks ?? {}).flatMap(([name, operations]) =>
    Object.entries(operations).map(([method, operation]) =>
      operationDoc(doc, method, `SWITCHBOARD_WEBHOOK_URL (${name})`, operation),
    ),
  );
}
