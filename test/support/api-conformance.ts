import { z } from 'zod';
import { loadRoutingTable } from '../../config/routing-table.js';
import { buildOpenApiDocument } from '../../services/intake/openapi.js';

/**
 * Holds an `/api/v1` response to the OpenAPI document: the operation for its method and path, the
 * response for its status (exact, `4XX`, or `default`), the media type, and the JSON body against
 * that response's schema. The schema check is zod's own JSON Schema reader (`z.fromJSONSchema`),
 * the same library the document is generated with, reading the document's JSON Schema 2020-12.
 *
 * A request for an operation the API does not have (a probe for `/api/v1/nope`, a DELETE) must be
 * answered 401 (before the token is read) or 404/405 with the shared error body.
 */

type Json = Record<string, unknown>;

export interface ObservedResponse {
  method: string;
  /** Path after the server's `/api/v1` base, with its query string or without. */
  path: string;
  status: number;
  contentType: string;
  /** The raw body text (empty for none). */
  text: string;
}

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Json }>;
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

/** A webhook request as the receiver got it: its headers (any case) and raw body. */
export interface ObservedDelivery {
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** The document as `GET /api/v1/openapi.json` serves it (its response schemas do not depend on the organisation). */
export function documentConformance(): ApiConformance {
  return new ApiConformance(
    buildOpenApiDocument(loadRoutingTable(), 'http://localhost') as unknown as ApiDocument,
  );
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const NOT_AN_OPERATION_STATUSES = [401, 404, 405];

export const API_BASE = '/api/v1';

export class ApiConformance {
  private readonly validators = new Map<string, z.ZodType>();
  private readonly defs: Record<string, Json>;

  constructor(private readonly document: ApiDocument) {
    // z.fromJSONSchema resolves local references under `$defs`; the document keeps its schemas in components.
    this.defs = JSON.parse(
      JSON.stringify(document.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/'),
    ) as Record<string, Json>;
  }

  /** Every way the response differs from the document; empty when it conforms. */
  problems(response: ObservedResponse): string[] {
    const pathname = response.path.split('?')[0]!;
    const method = response.method.toLowerCase();
    const template = this.templateFor(pathname);
    const operation = template ? this.document.paths[template]?.[method] : undefined;
    if (!template || !operation) return this.notAnOperation(response, template);

    const responses = operation.responses ?? {};
    const status = String(response.status);
    const described = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    const where = `${template} ${method.toUpperCase()}`;
    if (!described) {
      return [
        `status ${status} is not documented for ${where} (documented: ${Object.keys(responses).join(', ')})`,
      ];
    }
    const content = described.content;
    if (!content) return response.text === '' ? [] : [`${where} ${status} documents no body, got one`];
    const mediaType = response.contentType.split(';')[0]!.trim().toLowerCase();
    const media = content[mediaType];
    if (!media) {
      return [
        `${where} ${status} answered ${mediaType || 'no content type'}, documented: ${Object.keys(content).join(', ')}`,
      ];
    }
    if (!mediaType.endsWith('json') || !media.schema) return [];
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return [`${where} ${status}: body is not JSON`];
    }
    const result = this.validatorFor(media.schema).safeParse(body);
    return result.success
      ? []
      : result.error.issues.map(
          (issue) => `${where} ${status}: ${issue.path.join('.') || '(body)'}: ${issue.message}`,
        );
  }

  /** Every way a webhook delivery differs from `webhooks[name].post`: its header parameters and its JSON body. */
  webhookProblems(name: string, delivery: ObservedDelivery): string[] {
    const operation = this.document.webhooks?.[name]?.post;
    if (!operation) return [`webhook ${name} is not documented`];
    const headers = Object.fromEntries(
      Object.entries(delivery.headers).map(([key, value]) => [key.toLowerCase(), value]),
    );
    const problems: string[] = [];
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== 'header') continue;
      const value = headers[parameter.name.toLowerCase()];
      if (value === undefined) {
        if (parameter.required) problems.push(`webhook ${name}: header ${parameter.name} missing`);
        continue;
      }
      if (!parameter.schema) continue;
      const result = this.validatorFor(parameter.schema).safeParse(value);
      if (!result.success)
        problems.push(`webhook ${name}: header ${parameter.name}: ${result.error.issues[0]?.message}`);
    }
    const schema = operation.requestBody?.content?.['application/json']?.schema;
    if (!schema) return [...problems, `webhook ${name} documents no JSON body`];
    let body: unknown;
    try {
      body = JSON.parse(delivery.text);
    } catch {
      return [...problems, `webhook ${name}: body is not JSON`];
    }
    const result = this.validatorFor(schema).safeParse(body);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push(`webhook ${name}: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
      }
    }
    return problems;
  }

  /** The documented path template matching a concrete path; literal segments win over `{parameters}`. */
  templateFor(pathname: string): string | undefined {
    const segments = pathname.split('/').slice(1);
    let best: { template: string; literals: number } | undefined;
    for (const template of Object.keys(this.document.paths)) {
      const parts = template.split('/').slice(1);
      if (parts.length !== segments.length) continue;
      let literals = 0;
      const matches = parts.every((part, i) => {
        if (/^\{[^}]+\}$/.test(part)) return segments[i] !== '';
        literals++;
        return part === segments[i];
      });
      if (matches && (!best || literals > best.literals)) best = { template, literals };
    }
    return best?.template;
  }

  private notAnOperation(response: ObservedResponse, template: string | undefined): string[] {
    const what = template
      ? `${response.method.toUpperCase()} ${template} is not a documented operation (${METHODS.filter(
          (m) => this.document.paths[template]?.[m],
        ).join(', ')} are)`
      : `${response.path.split('?')[0]} is not a documented path`;
    if (!NOT_AN_OPERATION_STATUSES.includes(response.status)) {
      return [`${what}, yet it answered ${response.status}`];
    }
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return [`${what}: its ${response.status} is not the JSON error body`];
    }
    const result = this.validatorFor({ $ref: '#/components/schemas/Error' }).safeParse(body);
    return result.success ? [] : [`${what}: its ${response.status} is not the error body`];
  }

  private validatorFor(schema: Json): z.ZodType {
    const key = JSON.stringify(schema);
    let validator = this.validators.get(key);
    if (!validator) {
      const local = JSON.parse(key.replaceAll('"#/components/schemas/', '"#/$defs/')) as Json;
      validator = z.fromJSONSchema({ ...local, $defs: this.defs } as Parameters<typeof z.fromJSONSchema>[0]);
      this.validators.set(key, validator);
    }
    return validator;
  }
}
